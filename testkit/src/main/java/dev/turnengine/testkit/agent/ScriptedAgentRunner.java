package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent that plays a fixed script — deltas and tool calls, then an ending — for tests of code that runs agents.
 *
 * <p>Tool steps ({@link Builder#callTool}, {@link Builder#callTools}) call the turn's tools as a model would and
 * keep the results; {@link Builder#sayResults(String)} writes them into the reply, so a test sees the agent react to
 * what its tools returned. A run whose turn is cancelled during a tool step stops there.
 *
 * <p>Every run replays the whole script, so one runner can serve many turns. It records each request it
 * is given and lets a test wait for what it has done so far ({@link #awaitStarted(Duration)},
 * {@link #awaitDeltas(int, Duration)}, {@link #awaitWaiting(Duration)} …). In gated mode each delta waits
 * for {@link #allow(int)}, so a test can hold an agent after exactly {@code k} deltas. Waits (delays, the
 * gate, {@link Builder#thenHang()}) end as soon as the turn is cancelled, except
 * {@link Builder#thenHangIgnoringCancellation()}, which only {@link #release()} or a thread interrupt ends.
 */
public final class ScriptedAgentRunner implements AgentRunner {

    private final List<ScriptStep> steps;
    private final Duration delay;
    private final boolean gated;
    private final ScriptEnding ending;
    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ToolResult> results = new CopyOnWriteArrayList<>();
    private final ScriptProgress progress = new ScriptProgress();

    private ScriptedAgentRunner(Builder builder, ScriptEnding ending) {
        this.steps = List.copyOf(builder.steps);
        this.delay = builder.delay;
        this.gated = builder.gated;
        this.ending = ending;
    }

    /** Starts a script whose runs emit {@code deltas} in order. */
    public static Builder replying(String... deltas) {
        return replying(List.of(deltas));
    }

    /** Starts a script whose runs emit {@code deltas} in order. */
    public static Builder replying(List<String> deltas) {
        return new Builder(deltas);
    }

    /** Starts a script that emits nothing before its ending. */
    public static Builder silent() {
        return replying(List.of());
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        requests.add(request);
        progress.update(() -> progress.started++);
        cancellation.onCancel(() -> progress.update(() -> progress.cancelled++));
        try {
            List<ToolResult> lastResults = List.of();
            for (ScriptStep step : steps) {
                switch (step) {
                    case ScriptStep.Say say -> {
                        if (!say(say.delta(), output, cancellation)) {
                            return AgentResult.withoutUsage();
                        }
                    }
                    case ScriptStep.Call call -> {
                        lastResults = request.tools().call(call.calls());
                        results.addAll(lastResults);
                        if (cancellation.isCancelled()) {
                            return AgentResult.withoutUsage();
                        }
                    }
                    case ScriptStep.SayResults say -> {
                        for (ToolResult result : lastResults) {
                            if (!say(say.prefix() + result.output().asText(), output, cancellation)) {
                                return AgentResult.withoutUsage();
                            }
                        }
                    }
                }
            }
            return ending.end(progress, cancellation);
        } finally {
            progress.update(() -> progress.finished++);
        }
    }

    /** Emits one delta after the script's delay and gate; false when the turn was cancelled first. */
    private boolean say(String delta, AgentOutput output, Cancellation cancellation) {
        if (!delay.isZero() && !progress.pause(delay, cancellation)) {
            return false;
        }
        if (gated && !progress.passGate(cancellation)) {
            return false;
        }
        if (cancellation.isCancelled()) {
            return false;
        }
        output.delta(delta);
        progress.update(() -> progress.emitted++);
        return true;
    }

    /** Every tool result the runs got, in the order they came back. */
    public List<ToolResult> toolResults() {
        return List.copyOf(results);
    }

    /** Lets {@code count} more deltas through the gate (shared by all runs); only meaningful when gated. */
    public void allow(int count) {
        progress.allow(count);
    }

    /** Opens the gate for good: every delta, now and later, passes at once. */
    public void allowAll() {
        progress.openGate();
    }

    /**
     * Ends every wait, now and later: gates open and hangs (even those ignoring cancellation) return, so
     * a test can free the threads it left hanging.
     */
    public void release() {
        progress.release();
    }

    /** Every request this runner was given, in order of arrival. */
    public List<AgentRequest> requests() {
        return List.copyOf(requests);
    }

    /** The latest request this runner was given. */
    public Optional<AgentRequest> lastRequest() {
        List<AgentRequest> all = requests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** How many runs have started. */
    public int startedRuns() {
        return progress.read(() -> progress.started);
    }

    /** How many runs have returned or thrown. */
    public int finishedRuns() {
        return progress.read(() -> progress.finished);
    }

    /** How many deltas all runs together have emitted. */
    public int emittedDeltas() {
        return progress.read(() -> progress.emitted);
    }

    /** How many runs were told to cancel. */
    public int cancelledRuns() {
        return progress.read(() -> progress.cancelled);
    }

    /** Waits until a run has started; false if none did in time. */
    public boolean awaitStarted(Duration timeout) {
        return awaitStarted(1, timeout);
    }

    /** Waits until {@code runs} runs in all have started; false if they did not in time. */
    public boolean awaitStarted(int runs, Duration timeout) {
        return progress.await(() -> progress.started >= runs, timeout);
    }

    /** Waits until {@code runs} runs in all have returned or thrown; false if they did not in time. */
    public boolean awaitFinished(int runs, Duration timeout) {
        return progress.await(() -> progress.finished >= runs, timeout);
    }

    /** Waits until {@code count} deltas in all have been emitted; false if they were not in time. */
    public boolean awaitDeltas(int count, Duration timeout) {
        return progress.await(() -> progress.emitted >= count, timeout);
    }

    /** Waits until {@code runs} runs in all were told to cancel; false if they were not in time. */
    public boolean awaitCancelled(int runs, Duration timeout) {
        return progress.await(() -> progress.cancelled >= runs, timeout);
    }

    /**
     * Waits until some run is parked at the gate or in a hang — with the deltas it emitted so far already
     * delivered; false if none is in time.
     */
    public boolean awaitWaiting(Duration timeout) {
        return progress.someoneWaiting(timeout);
    }

    /** Builds a script: its deltas, how they are paced, and how each run ends. */
    public static final class Builder {

        private final List<ScriptStep> steps = new ArrayList<>();
        private Duration delay = Duration.ZERO;
        private boolean gated;
        private int callIds;

        private Builder(List<String> deltas) {
            say(deltas.toArray(String[]::new));
        }

        /** Then emits these deltas. */
        public Builder say(String... deltas) {
            for (String delta : deltas) {
                steps.add(new ScriptStep.Say(delta));
            }
            return this;
        }

        /** Then calls tool {@code name} with these JSON arguments; its call id is {@code call_<n>} (n from 1 per script). */
        public Builder callTool(String name, String argumentsJson) {
            return callTools(new ToolCall("call_" + ++callIds, name, argumentsJson));
        }

        /** Then calls these tools at once (a parallel tool call), waiting for all their results. */
        public Builder callTools(ToolCall... calls) {
            steps.add(new ScriptStep.Call(List.of(calls)));
            return this;
        }

        /** Then writes the output of each result the last tool step got, one delta each, after {@code prefix}. */
        public Builder sayResults(String prefix) {
            steps.add(new ScriptStep.SayResults(prefix));
            return this;
        }

        /** Pauses {@code delay} before each delta; a cancellation cuts the pause short. */
        public Builder withDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay cannot be negative");
            }
            this.delay = delay;
            return this;
        }

        /** Makes each delta wait for {@link ScriptedAgentRunner#allow(int)} or {@code allowAll()}. */
        public Builder gated() {
            this.gated = true;
            return this;
        }

        /** Each run returns normally, reporting no usage. */
        public ScriptedAgentRunner thenComplete() {
            return new ScriptedAgentRunner(this, new ScriptEnding.Complete(Optional.empty()));
        }

        /** Each run returns normally, reporting {@code usage}. */
        public ScriptedAgentRunner thenComplete(Usage usage) {
            return new ScriptedAgentRunner(this, new ScriptEnding.Complete(Optional.of(usage)));
        }

        /** Each run throws an {@link dev.turnengine.domain.agent.AgentException} with this code and message. */
        public ScriptedAgentRunner thenFail(String code, String message) {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            return new ScriptedAgentRunner(this, new ScriptEnding.Fail(code, message));
        }

        /** Each run throws {@code failure}, as an agent with a bug would. */
        public ScriptedAgentRunner thenThrow(RuntimeException failure) {
            Objects.requireNonNull(failure, "failure");
            return new ScriptedAgentRunner(this, new ScriptEnding.Throw(failure));
        }

        /** Each run blocks until its turn is cancelled (or the runner released), then returns. */
        public ScriptedAgentRunner thenHang() {
            return new ScriptedAgentRunner(this, new ScriptEnding.Hang(true));
        }

        /**
         * Each run blocks, deaf to cancellation, until {@link ScriptedAgentRunner#release()} or its thread is
         * interrupted — an agent that never cooperates, for testing turn timeouts.
         */
        public ScriptedAgentRunner thenHangIgnoringCancellation() {
            return new ScriptedAgentRunner(this, new ScriptEnding.Hang(false));
        }
    }
}
