package dev.turnengine.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnOutcomeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final AgentEnding ANSWERED = new AgentEnding.Answered(new AgentResult(Optional.of(new Usage(5, 7))));

    @Test
    void givenAnswerAndNoCancel_whenDecided_thenCompletedWithTextAndUsage() {
        TurnFinal ending = TurnOutcome.decide(Optional.empty(), ANSWERED, "hello", TIMEOUT);

        assertThat(ending).isEqualTo(TurnFinal.completed("hello", Optional.of(new Usage(5, 7))));
    }

    @Test
    void givenInterrupt_whenAgentAnsweredAnyway_thenInterruptedWithoutErrorKeepingUsage() {
        TurnFinal ending = TurnOutcome.decide(Optional.of(CancelReason.INTERRUPTED), ANSWERED, "hel", TIMEOUT);

        assertThat(ending.status()).isEqualTo(FinalStatus.INTERRUPTED);
        assertThat(ending.error()).isEmpty();
        assertThat(ending.text()).isEqualTo("hel");
        assertThat(ending.usage()).contains(new Usage(5, 7));
    }

    @Test
    void givenShutdown_whenAgentUnfinished_thenInterruptedWithShutdownCode() {
        TurnFinal ending = TurnOutcome.decide(
                Optional.of(CancelReason.SHUTDOWN), new AgentEnding.Unfinished(), "partial", TIMEOUT);

        assertThat(ending.status()).isEqualTo(FinalStatus.INTERRUPTED);
        assertThat(ending.error().orElseThrow().code()).isEqualTo(TurnError.SHUTDOWN);
        assertThat(ending.text()).isEqualTo("partial");
    }

    @Test
    void givenTimeout_whenDecided_thenFailedNamingTheLimit() {
        TurnFinal ending = TurnOutcome.decide(
                Optional.of(CancelReason.TIMEOUT), new AgentEnding.Failed(new InterruptedException()), "", TIMEOUT);

        assertThat(ending.status()).isEqualTo(FinalStatus.FAILED);
        assertThat(ending.error().orElseThrow().code()).isEqualTo(TurnError.TIMEOUT);
        assertThat(ending.error().orElseThrow().message()).contains("90 s");
    }

    @Test
    void givenAgentException_whenDecided_thenItsCodeAndMessageAreTheError() {
        TurnFinal ending = TurnOutcome.decide(Optional.empty(),
                new AgentEnding.Failed(new AgentException("model_rate_limited", "slow down")), "a", TIMEOUT);

        assertThat(ending.error()).contains(new TurnError("model_rate_limited", "slow down"));
        assertThat(ending.text()).isEqualTo("a");
        assertThat(ending.usage()).isEmpty();
    }

    @Test
    void givenStorageOutageWhileStreaming_whenDecided_thenStorageErrorWithStableMessage() {
        TurnFinal ending = TurnOutcome.decide(Optional.empty(), new AgentEnding.Failed(new StorageUnavailableException(
                "the database failed: FATAL: terminating connection due to administrator command", null)), "", TIMEOUT);

        assertThat(ending.error()).contains(new TurnError(TurnError.STORAGE_ERROR, "the reply could not be stored"));
    }

    @Test
    void givenUnexpectedException_whenDecided_thenAgentErrorWithoutItsInternalText() {
        TurnFinal withMessage = TurnOutcome.decide(Optional.empty(),
                new AgentEnding.Failed(new IllegalStateException("jdbc:postgresql://10.0.0.7/secrets refused")), "",
                TIMEOUT);
        TurnFinal withoutMessage = TurnOutcome.decide(Optional.empty(),
                new AgentEnding.Failed(new NullPointerException()), "", TIMEOUT);

        assertThat(withMessage.error()).contains(new TurnError(TurnError.AGENT_ERROR, "the agent failed"));
        assertThat(withoutMessage.error()).contains(new TurnError(TurnError.AGENT_ERROR, "the agent failed"));
        assertThat(TurnOutcome.showsDetail(new AgentException("model_rate_limited", "slow down"))).isTrue();
        assertThat(TurnOutcome.showsDetail(new IllegalStateException("internal"))).isFalse();
        assertThat(TurnOutcome.isUnexpected(new IllegalStateException())).isTrue();
        assertThat(TurnOutcome.isUnexpected(new AgentException("x", "y"))).isFalse();
    }

    @Test
    void givenAgentNeitherAnsweredNorFailed_whenNotCancelled_thenAgentError() {
        TurnFinal ending = TurnOutcome.decide(Optional.empty(), new AgentEnding.Unfinished(), "", TIMEOUT);

        assertThat(ending.error().orElseThrow().code()).isEqualTo(TurnError.AGENT_ERROR);
    }

    @Test
    void givenTurnThatCouldNotRun_whenEnded_thenEachReasonHasItsCode() {
        assertThat(TurnOutcome.agentUnavailable("gpt").error().orElseThrow())
                .isEqualTo(new TurnError(TurnError.AGENT_UNAVAILABLE, "agent 'gpt' is not configured on this server"));
        assertThat(TurnOutcome.conversationGone().error().orElseThrow().code()).isEqualTo(TurnError.AGENT_ERROR);
        assertThat(TurnOutcome.notPrepared(new StorageUnavailableException("FATAL: host 10.0.0.7", null)).error())
                .contains(new TurnError(TurnError.STORAGE_ERROR, "storage was unavailable"));
        assertThat(TurnOutcome.notPrepared(new IllegalStateException("odd")).error().orElseThrow().message())
                .isEqualTo("the turn could not be prepared");
        assertThat(TurnOutcome.unreadable().error())
                .contains(new TurnError(TurnError.STORAGE_ERROR, "this turn could not be read back from storage"));
        assertThat(TurnOutcome.unreadable().status()).isEqualTo(FinalStatus.FAILED);
        TurnFinal abandoned = TurnOutcome.abandoned("so far");
        assertThat(abandoned.text()).isEqualTo("so far");
        assertThat(abandoned.error().orElseThrow().code()).isEqualTo(TurnError.ABANDONED);
    }
}
