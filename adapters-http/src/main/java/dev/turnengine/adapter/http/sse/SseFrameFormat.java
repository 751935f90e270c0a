package dev.turnengine.adapter.http.sse;

import dev.turnengine.domain.event.JournalEvent;
import io.micronaut.http.sse.Event;

/**
 * How a journal event is written as one SSE frame ({@code id:}, {@code event:}, {@code data:}); the API
 * defines the payload, and the {@link SseConnectionRegistry} encodes each event with it once for all the
 * {@link SseConnection}s that show it ({@link EncodedFrames}).
 */
public interface SseFrameFormat {

    /** The frame for {@code event}: its sequence as the id, its type as the name, its JSON as the data. */
    Event<String> frame(JournalEvent event);
}
