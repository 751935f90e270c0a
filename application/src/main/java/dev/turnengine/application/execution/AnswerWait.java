package dev.turnengine.application.execution;

import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.Turn;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for an outside answer to one tool call of a running turn — a person's decision, a browser's result —: the
 * one mechanism approvals and browser tools share. Wakes on the answer's notice
 * (from any node, through {@link OutsideAnswers}), on the turn's cancellation, and every few seconds to read the
 * store anyway, so even a lost notice only delays the answer. A browser's answer is awaited only while that browser
 * is present (checked twice a second), and only a person's answer pauses the deadline: the turn timeout counts the
 * time a browser takes.
 */
final class AnswerWait {

    private static final Duration RECHECK = Duration.ofSeconds(2);
    /** How often a browser wait checks that the browser is still there. */
    private static final Duration PRESENCE_RECHECK = Duration.ofMillis(500);

    /** How a wait ended. */
    sealed interface Outcome {

        /** The answer came; the record holds it. */
        record Answered(ToolCallRecord call) implements Outcome {
        }

        /** Nobody answered in time; the call now refuses answers. */
        record TimedOut() implements Outcome {
        }

        /** The turn was cancelled while waiting. */
        record Cancelled() implements Outcome {
        }

        /** The browser that was to answer went away; the call now refuses answers. */
        record BrowserGone() implements Outcome {
        }
    }

    private final Turn turn;
    private final RunningTurn runningTurn;
    private final ToolCallStore store;
    private final OutsideAnswers answers;
    private final BooleanSupplier browserPresent;

    /** @param browserPresent whether the browser that answers the turn's browser calls is connected now */
    AnswerWait(Turn turn, RunningTurn runningTurn, ToolCallStore store, OutsideAnswers answers,
            BooleanSupplier browserPresent) {
        this.browserPresent = browserPresent;
        this.turn = turn;
        this.runningTurn = runningTurn;
        this.store = store;
        this.answers = answers;
    }

    /**
     * Waits until call {@code callId} has its {@code what} answer, at most {@code timeout}. On timeout the call stops
     * waiting (journaling {@code onTimeout}, if given, in the same step) unless the answer came just then.
     */
    Outcome await(String callId, WaitingFor what, Duration timeout, Optional<ToolDecisionEvent> onTimeout) {
        long end = System.nanoTime() + timeout.toNanos();
        boolean person = what == WaitingFor.APPROVAL;
        long recheck = (person ? RECHECK : PRESENCE_RECHECK).toNanos();
        if (person) {
            runningTurn.deadline().pause();
        }
        try {
            while (true) {
                CompletableFuture<Void> told = answers.arm(turn.id(), callId);
                if (runningTurn.isCancelled()) {
                    return new Outcome.Cancelled();
                }
                ToolCallRecord call = store.find(turn.conversationId(), turn.id(), callId)
                        .orElseThrow(() -> new IllegalStateException("call " + callId + " is not stored"));
                if (has(call, what)) {
                    return new Outcome.Answered(call);
                }
                if (!person && !browserPresent.getAsBoolean()) {
                    if (store.expire(turn.conversationId(), turn.id(), callId, Optional.empty())) {
                        return new Outcome.BrowserGone();
                    }
                    continue; // the answer came just now: read it
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    if (store.expire(turn.conversationId(), turn.id(), callId, onTimeout)) {
                        return new Outcome.TimedOut();
                    }
                    continue; // the answer came just now: read it
                }
                try {
                    CompletableFuture.anyOf(told, runningTurn.whenCancelled())
                            .get(Math.min(left, recheck), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // Read the store again.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Cancelled();
        } finally {
            answers.forget(turn.id(), callId);
            if (person) {
                runningTurn.deadline().resume();
            }
        }
    }

    private static boolean has(ToolCallRecord call, WaitingFor what) {
        return switch (what) {
            case APPROVAL -> call.decision().isPresent();
            case BROWSER -> call.browserResult().isPresent();
        };
    }
}
