package dev.turnengine.application.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnEndReporterTest {

    private static final Instant ACCEPTED = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void givenCompletedTurn_whenItsEndIsLogged_thenTheLineHasIdsStatusTimesAndTokensButNoText() {
        Turn turn = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("my secret question"),
                "web", 1, ACCEPTED).start(ACCEPTED.plusMillis(20));
        TurnFinal ending = TurnFinal.completed("the model's private answer", Optional.of(new Usage(12, 34)));

        String line = TurnEndReporter.line(TurnSummary.of(turn, ending, Optional.of(ACCEPTED.plusMillis(150)),
                ACCEPTED.plusMillis(1020)));

        assertThat(line).isEqualTo("turn ended turn_id=" + turn.id() + " conversation_id=" + turn.conversationId()
                + " status=completed queue_wait_ms=20 duration_ms=1000 first_delta_ms=150 input_tokens=12"
                + " output_tokens=34");
        assertThat(line).doesNotContain("secret", "private");
    }

    @Test
    void givenFailedTurnThatNeverRan_whenItsEndIsLogged_thenTheLineHasItsCodeAndNoFirstDelta() {
        Turn turn = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web", 1, ACCEPTED);
        TurnFinal ending = TurnFinal.failed("", new TurnError(TurnError.ABANDONED, "node stopped"), Optional.empty());

        String line = TurnEndReporter.line(TurnSummary.of(turn, ending, Optional.empty(), ACCEPTED.plusSeconds(2)));

        assertThat(line).endsWith("status=failed code=abandoned queue_wait_ms=0 duration_ms=2000")
                .doesNotContain("first_delta_ms", "node stopped");
    }
}
