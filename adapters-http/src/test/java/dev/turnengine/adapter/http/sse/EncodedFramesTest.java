package dev.turnengine.adapter.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.turn.TurnId;
import io.micronaut.http.sse.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An event handed to many connections is encoded once; anything else is encoded as before. */
class EncodedFramesTest {

    /** Writes the delta as the data and counts what it wrote. */
    private static final class CountingFormat implements SseFrameFormat {
        final List<Long> encoded = new ArrayList<>();

        @Override
        public Event<String> frame(JournalEvent event) {
            encoded.add(event.seq());
            return Event.of(((TextDelta) event.event()).delta()).id(Long.toString(event.seq())).name("text_delta");
        }
    }

    private final ConversationId conversation = ConversationId.random();
    private final TurnId turn = TurnId.random();

    @Test
    void givenABatchOfEventsHandedToTenWatchersInTurn_thenEachIsEncodedOnce() {
        CountingFormat format = new CountingFormat();
        EncodedFrames frames = new EncodedFrames(format);
        List<JournalEvent> batch = List.of(delta(conversation, 7, "a"), delta(conversation, 8, "b"),
                delta(conversation, 9, "c"));

        List<String> written = new ArrayList<>();
        for (int watcher = 0; watcher < 10; watcher++) {
            for (JournalEvent event : batch) {
                written.add(frames.of(event).frame().getData());
            }
        }

        assertThat(format.encoded).containsExactly(7L, 8L, 9L);
        assertThat(written).hasSize(30).containsOnly("a", "b", "c");
    }

    @Test
    void givenAnEqualEventReadSeparately_thenItIsEncodedAgain_andSlotsSharedAcrossConversationsNeverMixThemUp() {
        CountingFormat format = new CountingFormat();
        EncodedFrames frames = new EncodedFrames(format);
        JournalEvent first = delta(conversation, 7, "a");
        JournalEvent copy = delta(conversation, 7, "a");

        frames.of(first);
        frames.of(copy);

        assertThat(format.encoded).containsExactly(7L, 7L);
        // Many conversations at the same sequences: whatever slot an event lands in, it gets its own text.
        for (int i = 0; i < 2_000; i++) {
            JournalEvent other = delta(ConversationId.random(), 7, "text " + i);
            assertThat(frames.of(other).frame().getData()).isEqualTo("text " + i);
        }
    }

    @Test
    void givenTwoAndThreeByteCharactersAndASurrogatePair_thenTheWeightCountsTheirUtf8Bytes() {
        EncodedFrames frames = new EncodedFrames(new CountingFormat());

        EncodedFrames.Encoded encoded = frames.of(delta(conversation, 12, "a\u00e9\u4e16\ud83d\ude00"));

        // 16 for the frame's fixed parts, "12", "text_delta", then 1 + 2 + 3 + 4 bytes of data.
        assertThat(encoded.weight()).isEqualTo(16 + 2 + 10 + 10);
    }

    private JournalEvent delta(ConversationId in, long seq, String text) {
        return new JournalEvent(in, seq, turn, new TextDelta(text), Instant.EPOCH);
    }
}
