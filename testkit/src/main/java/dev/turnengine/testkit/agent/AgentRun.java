package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.port.AgentRunner;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One agent run on its own virtual thread, as the engine runs turns, with its output and cancellation at hand. */
public final class AgentRun {

    private final RecordingOutput output = new RecordingOutput();
    private final ManualCancellation cancellation;
    private final CompletableFuture<AgentResult> outcome = new CompletableFuture<>();
    private final Thread thread;

    private AgentRun(AgentRunner runner, AgentRequest request, ManualCancellation cancellation, boolean cancelFirst) {
        this.cancellation = cancellation;
        if (cancelFirst) {
            cancellation.cancel();
        }
        thread = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(runner.run(request, output, cancellation));
            } catch (Throwable failure) {
                outcome.completeExceptionally(failure);
            }
        });
    }

    /** Starts {@code runner} on {@code request}. */
    public static AgentRun start(AgentRunner runner, AgentRequest request) {
        return new AgentRun(runner, request, new ManualCancellation(), false);
    }

    /** Starts {@code runner} on {@code request} with a cancellation the test made first (e.g. for its tools). */
    public static AgentRun start(AgentRunner runner, AgentRequest request, ManualCancellation cancellation) {
        return new AgentRun(runner, request, cancellation, false);
    }

    /** Starts {@code runner} on {@code request} with its turn already cancelled. */
    public static AgentRun startCancelled(AgentRunner runner, AgentRequest request) {
        return new AgentRun(runner, request, new ManualCancellation(), true);
    }

    public RecordingOutput output() {
        return output;
    }

    public ManualCancellation cancellation() {
        return cancellation;
    }

    public Thread thread() {
        return thread;
    }

    /** Whether the run has returned or thrown. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /** The run's result, waiting at most {@code timeout}; rethrows what the runner threw. */
    public AgentResult result(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What the runner threw, waiting at most {@code timeout}; fails if it returned. */
    public Throwable failure(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            AgentResult result = outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("expected the run to fail, but it returned " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
