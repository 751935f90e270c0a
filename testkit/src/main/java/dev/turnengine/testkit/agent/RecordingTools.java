package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.agent.Tools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** Tools played by a test: each call answered by a function, every batch of calls recorded. */
public final class RecordingTools implements Tools {

    private final List<ToolSpec> offered;
    private final Function<ToolCall, ToolResult> answer;
    private final List<List<ToolCall>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch called = new CountDownLatch(1);

    private RecordingTools(List<ToolSpec> offered, Function<ToolCall, ToolResult> answer) {
        this.offered = List.copyOf(offered);
        this.answer = answer;
    }

    /** Offers {@code offered} and answers each call with {@code answer}. */
    public static RecordingTools answering(List<ToolSpec> offered, Function<ToolCall, ToolResult> answer) {
        return new RecordingTools(offered, answer);
    }

    /**
     * Offers {@code offered} and blocks every call until {@code cancellation} fires, then answers with errors — as
     * the engine does while a person has not yet approved.
     */
    public static RecordingTools blockingUntilCancelled(List<ToolSpec> offered, Cancellation cancellation) {
        return new RecordingTools(offered, call -> {
            CountDownLatch cancelled = new CountDownLatch(1);
            cancellation.onCancel(cancelled::countDown);
            try {
                cancelled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.error(call, "interrupted", "the turn was interrupted");
        });
    }

    @Override
    public List<ToolSpec> offered() {
        return offered;
    }

    @Override
    public List<ToolResult> call(List<ToolCall> calls) {
        batches.add(List.copyOf(calls));
        called.countDown();
        return calls.stream().map(answer).toList();
    }

    /** Each {@link #call} so far, with its calls. */
    public List<List<ToolCall>> batches() {
        return List.copyOf(batches);
    }

    /** Whether a call came within the wait. */
    public boolean awaitCall(java.time.Duration wait) throws InterruptedException {
        return called.await(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
