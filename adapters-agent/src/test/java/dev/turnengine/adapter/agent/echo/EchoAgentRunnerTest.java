package dev.turnengine.adapter.agent.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.ManualCancellation;
import dev.turnengine.testkit.agent.RecordingOutput;
import dev.turnengine.testkit.agent.Requests;
import dev.turnengine.domain.agent.AgentResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EchoAgentRunnerTest {

    @Test
    void givenText_whenRun_thenEachDeltaIsAWordWithItsFollowingWhitespace() {
        RecordingOutput output = new RecordingOutput();

        AgentResult result = new EchoAgentRunner().run(Requests.saying("Hello  big\tworld\n"), output, new ManualCancellation());

        assertThat(output.deltas()).containsExactly("Hello  ", "big\t", "world\n");
        assertThat(result.usage()).isEmpty();
    }

    @Test
    void givenLeadingWhitespace_whenRun_thenTheDeltasJoinToTheExactText() {
        String text = "  one two\r\n three ";
        RecordingOutput output = new RecordingOutput();

        new EchoAgentRunner().run(Requests.saying(text), output, new ManualCancellation());

        assertThat(output.text()).isEqualTo(text);
        assertThat(output.deltas()).containsExactly("  one ", "two\r\n ", "three ");
    }

    @Test
    void givenASingleWord_whenRun_thenOneDelta() {
        RecordingOutput output = new RecordingOutput();

        new EchoAgentRunner().run(Requests.saying("héllo"), output, new ManualCancellation());

        assertThat(output.deltas()).containsExactly("héllo");
    }

    @Test
    void givenCancelledBeforeStart_whenRun_thenNothingIsEchoed() {
        ManualCancellation cancellation = new ManualCancellation();
        cancellation.cancel();
        RecordingOutput output = new RecordingOutput();

        new EchoAgentRunner().run(Requests.saying("never said"), output, cancellation);

        assertThat(output.deltas()).isEmpty();
    }

    @Test
    void givenALongDelay_whenCancelledMidway_thenTheRunStopsPromptly() throws Exception {
        AgentRun run = AgentRun.start(new EchoAgentRunner(Duration.ofMinutes(5)), Requests.saying("a b c"));

        run.cancellation().cancel();

        assertThat(run.result(Duration.ofSeconds(2)).usage()).isEmpty();
        assertThat(run.output().deltas()).isEmpty();
    }

    @Test
    void givenAShortDelay_whenRun_thenEveryWordArrivesAfterItsPause() throws Exception {
        long started = System.nanoTime();
        AgentRun run = AgentRun.start(new EchoAgentRunner(Duration.ofMillis(20)), Requests.saying("a b c"));

        run.result(Duration.ofSeconds(5));

        assertThat(run.output().deltas()).containsExactly("a ", "b ", "c");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }
}
