package dev.turnengine.application.execution;

import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.tool.BrowserResult;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.Turn;
import java.time.Duration;
import java.util.Optional;

/**
 * The way of one journaled tool call to its result: an unknown name is answered at once; a call that needs approval
 * waits for a person (deny or no answer in time: an error result); then it runs where its executor says — on the
 * server, or in the browser, whose result is awaited like an approval. Never throws: whatever goes wrong becomes
 * an error result whose output starts with its code.
 */
final class ToolCallProcess {

    private final Turn turn;
    private final RunningTurn runningTurn;
    private final ToolCallStore store;
    private final AnswerWait wait;
    private final ToolSettings settings;

    ToolCallProcess(Turn turn, RunningTurn runningTurn, ToolCallStore store, AnswerWait wait, ToolSettings settings) {
        this.turn = turn;
        this.runningTurn = runningTurn;
        this.store = store;
        this.wait = wait;
        this.settings = settings;
    }

    ToolResult run(ToolCall call, Optional<ServerToolIndex.Entry> tool) {
        try {
            if (tool.isEmpty()) {
                return ToolResult.error(call, ToolResult.UNKNOWN_TOOL,
                        "no tool named '" + call.name() + "' is offered in this turn");
            }
            if (tool.get().spec().requiresApproval()) {
                Optional<ToolResult> refused = approve(call);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            return tool.get().spec().executor() == ToolExecutor.BROWSER
                    ? inBrowser(call, tool.get().spec().requiresApproval())
                    : new ServerToolRun(runningTurn, settings.toolTimeout()).run(call, tool.get().source());
        } catch (RuntimeException e) {
            return ToolResult.error(call, ToolResult.TOOL_FAILED, "the engine could not run the call: " + e.getMessage());
        }
    }

    /** Waits for a person's decision; empty when the call may run, else the error result to give. */
    private Optional<ToolResult> approve(ToolCall call) {
        Duration timeout = settings.approvalTimeout();
        String unanswered = "nobody approved the call within " + describe(timeout);
        ToolDecisionEvent timedOut = new ToolDecisionEvent(call.callId(), ToolDecision.deny(Optional.of(unanswered)));
        return switch (wait.await(call.callId(), WaitingFor.APPROVAL, timeout, Optional.of(timedOut))) {
            case AnswerWait.Outcome.Answered answered -> {
                ToolDecision decision = answered.call().decision().orElseThrow();
                yield decision.approved() ? Optional.empty() : Optional.of(ToolResult.error(call, ToolResult.DENIED,
                        "a person refused this call" + decision.reason().map(reason -> ": " + reason)
                                .orElse(" and gave no reason")));
            }
            case AnswerWait.Outcome.TimedOut timeoutOutcome ->
                    Optional.of(ToolResult.error(call, ToolResult.DENIED, unanswered));
            case AnswerWait.Outcome.BrowserGone gone -> Optional.of(ToolResult.error(call, ToolResult.DENIED, unanswered));
            case AnswerWait.Outcome.Cancelled cancelled -> Optional.of(TurnTools.ended(call, runningTurn.cancelReason()));
        };
    }

    /**
     * Runs a browser tool: the call waits for the result the caller's browser posts, at most the tool timeout. The
     * browser learns of the call from the stream ({@code tool_call} with {@code executor: "browser"}).
     */
    private ToolResult inBrowser(ToolCall call, boolean afterApproval) {
        if (afterApproval && !store.awaitAnswer(turn.conversationId(), turn.id(), call.callId(), WaitingFor.BROWSER)) {
            return TurnTools.ended(call, runningTurn.cancelReason());
        }
        return switch (wait.await(call.callId(), WaitingFor.BROWSER, settings.toolTimeout(), Optional.empty())) {
            case AnswerWait.Outcome.Answered answered -> {
                BrowserResult result = answered.call().browserResult().orElseThrow();
                yield new ToolResult(call.callId(), call.name(), result.output(), result.isError());
            }
            case AnswerWait.Outcome.TimedOut timedOut -> ToolResult.error(call, ToolResult.TOOL_TIMEOUT,
                    "the browser did not answer within " + describe(settings.toolTimeout()));
            case AnswerWait.Outcome.BrowserGone gone -> ToolResult.error(call, ToolResult.BROWSER_DISCONNECTED,
                    "the browser that was to run the call is no longer connected (its presence lapsed)");
            case AnswerWait.Outcome.Cancelled cancelled -> TurnTools.ended(call, runningTurn.cancelReason());
        };
    }

    /** {@code 90 s}, {@code 10 min}, {@code 250 ms}. */
    static String describe(Duration duration) {
        if (duration.toMillis() < 1_000) {
            return duration.toMillis() + " ms";
        }
        if (duration.toSeconds() % 60 != 0 || duration.toSeconds() < 120) {
            return duration.toSeconds() + " s";
        }
        return duration.toMinutes() + " min";
    }
}
