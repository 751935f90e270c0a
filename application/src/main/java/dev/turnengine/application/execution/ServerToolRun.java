package dev.turnengine.application.execution;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one call of a server tool on its own virtual thread, bounded by the tool timeout and the turn's cancellation:
 * a tool that outlasts either is interrupted and left behind, and the call gets an error result at once.
 */
final class ServerToolRun {

    private final RunningTurn runningTurn;
    private final Duration timeout;

    ServerToolRun(RunningTurn runningTurn, Duration timeout) {
        this.runningTurn = runningTurn;
        this.timeout = timeout;
    }

    ToolResult run(ToolCall call, ServerTools source) {
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("tool-run-" + call.callId()).start(() -> {
            try {
                result.complete(source.run(call));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            CompletableFuture.anyOf(result, runningTurn.whenCancelled())
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!result.isDone()) {
                worker.interrupt();
                return TurnTools.ended(call, runningTurn.cancelReason());
            }
            return answering(call, result.get());
        } catch (TimeoutException e) {
            worker.interrupt();
            return ToolResult.error(call, ToolResult.TOOL_TIMEOUT,
                    "the tool '" + call.name() + "' did not finish within " + ToolCallProcess.describe(timeout));
        } catch (ExecutionException e) {
            if (result.isCompletedExceptionally()) {
                Throwable failure = e.getCause();
                return ToolResult.error(call, ToolResult.TOOL_FAILED, failure.getMessage() == null
                        ? failure.getClass().getSimpleName() : failure.getMessage());
            }
            return ToolResult.error(call, ToolResult.TOOL_FAILED, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return TurnTools.ended(call, runningTurn.cancelReason());
        }
    }

    /** The tool's result, under the call's own id and name whatever the tool put there. */
    private static ToolResult answering(ToolCall call, ToolResult result) {
        if (result == null) {
            return ToolResult.error(call, ToolResult.TOOL_FAILED, "the tool returned nothing");
        }
        return new ToolResult(call.callId(), call.name(), result.output(), result.isError());
    }
}
