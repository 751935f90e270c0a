package dev.turnengine.domain.tool;

import java.util.Objects;
import java.util.Optional;

/**
 * What the engine keeps of one journaled tool call between its {@code tool_call} and its {@code tool_result}: what
 * it waits for now, and the outside answers it took. {@link #judge} decides what an answer posted to it does.
 *
 * @param waitingFor the answer the call waits for now; empty while it runs, once it timed out and once it is closed
 * @param closed whether its {@code tool_result} is journaled (or its turn ended): it takes no new answer
 */
public record ToolCallRecord(
        String callId, String name, ToolExecutor executor, boolean requiresApproval, Optional<WaitingFor> waitingFor,
        Optional<ToolDecision> decision, Optional<BrowserResult> browserResult, boolean closed) {

    public ToolCallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(waitingFor, "waitingFor");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(browserResult, "browserResult");
        if (closed && waitingFor.isPresent()) {
            throw new IllegalArgumentException("a closed call waits for nothing");
        }
    }

    /**
     * A call just journaled: an approval-required call waits for a person first, a browser call for its browser,
     * any other call for nothing.
     */
    public static ToolCallRecord opened(ToolCall call, ToolExecutor executor, boolean requiresApproval) {
        Optional<WaitingFor> first = requiresApproval ? Optional.of(WaitingFor.APPROVAL)
                : executor == ToolExecutor.BROWSER ? Optional.of(WaitingFor.BROWSER) : Optional.empty();
        return new ToolCallRecord(call.callId(), call.name(), executor, requiresApproval, first, Optional.empty(),
                Optional.empty(), false);
    }

    /** What an answer posted to this call does; {@code turnRunning} says whether its turn still runs. */
    public Verdict judge(ToolAnswer answer, boolean turnRunning) {
        Objects.requireNonNull(answer, "answer");
        Optional<? extends ToolAnswer> earlier = switch (answer) {
            case ToolDecision d -> decision;
            case BrowserResult r -> browserResult;
        };
        if (earlier.isPresent()) {
            return earlier.get().equals(answer) ? new Verdict.Repeated()
                    : new Verdict.NotPending("the call was already answered differently");
        }
        if (closed || !turnRunning) {
            return new Verdict.NotPending("the call's turn has ended");
        }
        if (waitingFor.isEmpty() || waitingFor.get() != answer.answers()) {
            return new Verdict.NotPending(answer instanceof ToolDecision
                    ? "the call does not wait for an approval (it needs none, or its wait timed out)"
                    : "the call does not wait for a browser result (it is not a browser call, waits for an "
                            + "approval first, or its wait timed out)");
        }
        return new Verdict.Accepted(switch (answer) {
            case ToolDecision d -> new ToolCallRecord(callId, name, executor, requiresApproval, Optional.empty(),
                    Optional.of(d), browserResult, false);
            case BrowserResult r -> new ToolCallRecord(callId, name, executor, requiresApproval, Optional.empty(),
                    decision, Optional.of(r), false);
        });
    }

    /** This call waiting for {@code what} (a browser after its approval); refused once closed. */
    public ToolCallRecord waitFor(WaitingFor what) {
        if (closed) {
            throw new IllegalStateException("call " + callId + " is closed");
        }
        return new ToolCallRecord(callId, name, executor, requiresApproval, Optional.of(what), decision,
                browserResult, false);
    }

    /** This call no longer waiting, its answer having timed out; later answers are refused. */
    public ToolCallRecord stopWaiting() {
        return new ToolCallRecord(callId, name, executor, requiresApproval, Optional.empty(), decision, browserResult,
                closed);
    }

    /** This call once its result is journaled or its turn has ended. */
    public ToolCallRecord close() {
        return new ToolCallRecord(callId, name, executor, requiresApproval, Optional.empty(), decision, browserResult,
                true);
    }

    /** What an answer does to a call, decided by {@link #judge}. */
    public sealed interface Verdict {

        /** The call took the answer and is now {@code next}. */
        record Accepted(ToolCallRecord next) implements Verdict {
        }

        /** The same answer was given before: nothing changes, the client is told it was idempotent. */
        record Repeated() implements Verdict {
        }

        /** The call does not take this answer (answered differently, timed out, not waiting, turn ended). */
        record NotPending(String why) implements Verdict {
        }
    }
}
