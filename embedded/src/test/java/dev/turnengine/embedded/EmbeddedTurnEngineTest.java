package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The shortcuts an embedding service calls, on in-memory storage with the test kit's scripted agent. */
class EmbeddedTurnEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void givenATenant_whenCallerAskedTwice_thenTheSameTokenIsReused() {
        try (EmbeddedTurnEngine turns = EmbeddedTurnEngine.builder().build()) {
            Caller first = turns.caller(new TenantId("acme"));
            Caller again = turns.caller(new TenantId("acme"));
            Caller other = turns.caller(new TenantId("globex"));

            assertThat(again).isEqualTo(first);
            assertThat(other.token()).isNotEqualTo(first.token());
        }
    }

    @Test
    void givenAStreamFromACursor_whenTwoTurnsRun_thenEveryEventAfterItArrivesInOrder() throws Exception {
        ScriptedAgentRunner agent = ScriptedAgentRunner.replying("one ", "two").thenComplete();
        try (EmbeddedTurnEngine turns = EmbeddedTurnEngine.builder().agent("scripted", agent).build()) {
            Caller caller = turns.caller(new TenantId("acme"));
            ConversationId conversation = turns.createConversation(caller);
            Turn first = turns.submit(caller, conversation, "first");
            TurnFinal firstEnding = turns.awaitFinal(caller, conversation, first, WAIT);
            List<JournalEvent> received = new CopyOnWriteArrayList<>();

            EmbeddedTurnEngine.Subscription stream = turns.stream(caller, conversation, 2, received::add);
            try {
                Turn second = turns.submit(caller, conversation, "second");
                assertThat(turns.awaitFinal(caller, conversation, second, WAIT).status())
                        .isEqualTo(FinalStatus.COMPLETED);
                await().atMost(WAIT).until(() -> received.size() == 8);
            } finally {
                stream.close();
            }

            assertThat(firstEnding.text()).isEqualTo("one two");
            assertThat(received).extracting(JournalEvent::seq).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(received.stream().filter(e -> e.event() instanceof TextDelta).count()).isEqualTo(4);
        }
    }
}
