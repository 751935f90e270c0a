package dev.turnengine.adapter.http.sse;

import dev.turnengine.domain.Utf8;
import dev.turnengine.domain.event.JournalEvent;
import io.micronaut.http.sse.Event;

/**
 * The frames of recent events, each encoded once for every connection that shows it: a conversation's watchers
 * on one node are handed the same event object, so the second to the tenth of them find its frame here instead
 * of writing its JSON again.
 *
 * <p>A small table keyed by conversation and sequence, matched on the event's identity: an entry another event
 * took over, or a copy of the event read separately, is only encoded again, never mistaken. The entries are
 * immutable and replaced whole, so threads may race on a slot without locking.
 */
final class EncodedFrames {

    /** An event's frame and about how many bytes it takes on the wire. */
    record Encoded(JournalEvent event, Event<String> frame, long weight) {
    }

    private static final int SLOTS = 256; // a power of two

    private final SseFrameFormat format;
    private final Encoded[] slots = new Encoded[SLOTS];

    EncodedFrames(SseFrameFormat format) {
        this.format = format;
    }

    /** The frame of {@code event}, encoding it unless this very event was encoded recently. */
    Encoded of(JournalEvent event) {
        int slot = (int) ((event.seq() * 31 + event.conversationId().hashCode()) & (SLOTS - 1));
        Encoded recent = slots[slot];
        if (recent != null && recent.event() == event) {
            return recent;
        }
        Event<String> frame = format.frame(event);
        Encoded encoded = new Encoded(event, frame, weight(frame));
        slots[slot] = encoded;
        return encoded;
    }

    /** About how many bytes an event takes on the wire (at least 1; only pings count nothing). */
    private static long weight(Event<String> event) {
        return 16 + event.getId().length() + event.getName().length() + Utf8.length(event.getData());
    }
}
