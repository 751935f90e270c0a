package dev.turnengine.testkit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScriptedAgentRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<ScriptedAgentRunner> toRelease = new ArrayList<>();

    @AfterEach
    void releaseHangingRuns() {
        toRelease.forEach(ScriptedAgentRunner::release);
    }

    private ScriptedAgentRunner releasedAfterTest(ScriptedAgentRunner runner) {
        toRelease.add(runner);
        return runner;
    }

    @Test
    void givenACompletingScript_whenRun_thenDeltasInOrderAndUsageReturned() {
        ScriptedAgentRunner runner = ScriptedAgentRunner.replying("Hello ", "world").thenComplete(new Usage(3, 2));
        RecordingOutput output = new RecordingOutput();

        AgentResult result = runner.run(Requests.saying("hi"), output, new ManualCancellation());

        assertThat(output.deltas()).containsExactly("Hello ", "world");
        assertThat(result.usage()).contains(new Usage(3, 2));
        assertThat(runner.emittedDeltas()).isEqualTo(2);
        assertThat(runner.finishedRuns()).isEqualTo(1);
    }

    @Test
    void givenOneScript_whenRunTwice_thenEachRunReplaysItAndEveryRequestIsRecorded() {
        ScriptedAgentRunner runner = ScriptedAgentRunner.replying("a", "b").thenComplete();
        AgentRequest first = Requests.saying("first");
        AgentRequest second = Requests.saying("second");
        RecordingOutput firstOutput = new RecordingOutput();
        RecordingOutput secondOutput = new RecordingOutput();

        runner.run(first, firstOutput, new ManualCancellation());
        AgentResult result = runner.run(second, secondOutput, new ManualCancellation());

        assertThat(firstOutput.text()).isEqualTo("ab");
        assertThat(secondOutput.text()).isEqualTo("ab");
        assertThat(result.usage()).isEmpty();
        assertThat(runner.requests()).containsExactly(first, second);
        assertThat(runner.lastRequest()).contains(second);
        assertThat(runner.startedRuns()).isEqualTo(2);
    }

    @Test
    void givenAFailingScript_whenRun_thenDeltasThenAgentExceptionWithCode() throws Exception {
        ScriptedAgentRunner runner = ScriptedAgentRunner.replying("partial").thenFail("model_rate_limited", "slow down");

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_rate_limited");
                    assertThat(e.getMessage()).isEqualTo("slow down");
                });
        assertThat(run.output().deltas()).containsExactly("partial");
    }

    @Test
    void givenAThrowingScript_whenRun_thenTheArbitraryExceptionEscapes() throws Exception {
        IllegalStateException bug = new IllegalStateException("bug in agent");
        ScriptedAgentRunner runner = ScriptedAgentRunner.silent().thenThrow(bug);

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isSameAs(bug);
        assertThat(runner.finishedRuns()).isEqualTo(1);
    }

    @Test
    void givenAHangingScript_whenCancelled_thenTheRunReturnsWithItsPartialOutput() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.replying("so far").thenHang());
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        assertThat(runner.awaitWaiting(WAIT)).isTrue();
        assertThat(run.isDone()).isFalse();

        run.cancellation().cancel();

        assertThat(run.result(WAIT).usage()).isEmpty();
        assertThat(run.output().deltas()).containsExactly("so far");
        assertThat(runner.cancelledRuns()).isEqualTo(1);
    }

    @Test
    void givenAScriptDeafToCancellation_whenCancelled_thenItKeepsHangingUntilReleased() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.silent().thenHangIgnoringCancellation());
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        assertThat(runner.awaitWaiting(WAIT)).isTrue();

        run.cancellation().cancel();

        assertThat(runner.awaitCancelled(1, WAIT)).isTrue();
        assertThat(runner.awaitFinished(1, Duration.ofMillis(100))).isFalse();
        runner.release();
        run.result(WAIT);
        assertThat(runner.finishedRuns()).isEqualTo(1);
    }

    @Test
    void givenAScriptDeafToCancellation_whenItsThreadIsInterrupted_thenItEnds() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.silent().thenHangIgnoringCancellation());
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        assertThat(runner.awaitWaiting(WAIT)).isTrue();

        run.thread().interrupt();

        run.result(WAIT);
        assertThat(runner.finishedRuns()).isEqualTo(1);
    }

    @Test
    void givenAGatedScript_whenTwoDeltasAllowed_thenExactlyTwoAreEmittedAndTheRunWaits() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.replying("a", "b", "c", "d").gated().thenComplete());
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        runner.allow(2);

        assertThat(runner.awaitDeltas(2, WAIT)).isTrue();
        assertThat(runner.awaitWaiting(WAIT)).isTrue();
        assertThat(run.output().deltas()).containsExactly("a", "b");
        assertThat(run.isDone()).isFalse();
        runner.allowAll();
        run.result(WAIT);
        assertThat(run.output().deltas()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void givenAGatedScript_whenCancelledAtTheGate_thenTheRunStopsWithoutFurtherDeltas() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.replying("a", "b").gated().thenComplete());
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        runner.allow(1);
        assertThat(runner.awaitDeltas(1, WAIT)).isTrue();
        assertThat(runner.awaitWaiting(WAIT)).isTrue();

        run.cancellation().cancel();

        run.result(WAIT);
        runner.allowAll();
        assertThat(run.output().deltas()).containsExactly("a");
    }

    @Test
    void givenALongDelay_whenCancelled_thenTheRunStopsPromptly() throws Exception {
        ScriptedAgentRunner runner = ScriptedAgentRunner.replying("a", "b").withDelay(Duration.ofMinutes(5)).thenComplete();
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        assertThat(runner.awaitStarted(WAIT)).isTrue();

        run.cancellation().cancel();

        run.result(WAIT);
        assertThat(run.output().deltas()).isEmpty();
    }

    @Test
    void givenAShortDelay_whenRun_thenEveryDeltaArrivesAfterItsPause() throws Exception {
        ScriptedAgentRunner runner = ScriptedAgentRunner.replying("a", "b", "c").withDelay(Duration.ofMillis(20)).thenComplete();
        long started = System.nanoTime();

        runner.run(Requests.saying("hi"), new RecordingOutput(), new ManualCancellation());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(runner.emittedDeltas()).isEqualTo(3);
    }

    @Test
    void givenManyConcurrentRuns_whenAllowedAll_thenEveryRunCompletes() throws Exception {
        ScriptedAgentRunner runner = releasedAfterTest(ScriptedAgentRunner.replying("x", "y").gated().thenComplete());
        List<AgentRun> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(AgentRun.start(runner, Requests.saying("turn " + i)));
        }
        assertThat(runner.awaitStarted(20, WAIT)).isTrue();

        runner.allowAll();

        for (AgentRun run : runs) {
            run.result(WAIT);
            assertThat(run.output().text()).isEqualTo("xy");
        }
        assertThat(runner.requests()).hasSize(20);
        assertThat(runner.awaitFinished(20, WAIT)).isTrue();
    }
}
