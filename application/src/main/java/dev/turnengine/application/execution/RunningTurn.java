package dev.turnengine.application.execution;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.lifecycle.CancelReason;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A turn while its agent works: the agent's output (journaled delta by delta, or behind the agent when each
 * append waits for a commit: see {@link WriteBehind}), its cancellation and its {@link TurnDeadline}. Once
 * closed it accepts no more text, so nothing can follow the turn's {@code final}. Made by {@link LocalTurns},
 * driven by {@link TurnRunner}.
 */
final class RunningTurn implements AgentOutput, Cancellation {

    private final Turn turn;
    private final TurnJournal journal;
    private final TurnDeadline deadline;
    private final ReentrantLock outputLock = new ReentrantLock();
    private final StringBuilder text = new StringBuilder();
    private final Optional<WriteBehind> writeBehind;
    private String unwritten = "";
    private boolean closed;
    private final long createdNanos = System.nanoTime();
    private volatile long firstDeltaNanos;
    private volatile boolean hasDelta;
    private volatile boolean interruptAfterDelta;

    private final Object cancelLock = new Object();
    private final List<Runnable> cancelActions = new ArrayList<>();
    private volatile CancelReason reason;
    private final CompletableFuture<CancelReason> cancelled = new CompletableFuture<>();

    RunningTurn(Turn turn, TurnJournal journal, TurnDeadline deadline) {
        this.turn = turn;
        this.journal = journal;
        this.deadline = deadline;
        this.writeBehind = journal.appendsWaitForCommit()
                ? Optional.of(new WriteBehind(outputLock, this::written,
                        chunk -> journal.appendDelta(turn.conversationId(), turn.id(), new TextDelta(chunk)),
                        "text-" + turn.id()))
                : Optional.empty();
    }

    /** The turn's time budget; pause it while the turn waits for an outside answer. */
    TurnDeadline deadline() {
        return deadline;
    }

    @Override
    public void delta(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        outputLock.lock();
        // An interrupt must not cut a journal write short: the delta might be stored yet missing from the
        // final text. So the write runs with the interrupt flag clear, and interrupts wait until it is done.
        boolean interrupted = Thread.interrupted();
        try {
            if (closed) {
                return;
            }
            if (writeBehind.isPresent()) {
                writeBehind.get().add(delta);
                return;
            }
            journal.appendDelta(turn.conversationId(), turn.id(), new TextDelta(delta));
            written(delta);
        } finally {
            interrupted |= interruptAfterDelta;
            interruptAfterDelta = false;
            outputLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Text is durable in the journal (called with the output lock held). */
    private void written(String delta) {
        text.append(delta);
        if (!hasDelta) {
            firstDeltaNanos = System.nanoTime();
            hasDelta = true;
        }
    }

    /**
     * Runs another journal write of the agent's thread (a tool call) as {@link #delta} writes text: with the
     * interrupt flag clear, so a cancellation cannot cut it short; the interrupt is kept for after.
     */
    <T> T journal(Supplier<T> write) {
        outputLock.lock();
        boolean interrupted = Thread.interrupted();
        try {
            writeBehind.ifPresent(WriteBehind::drain); // the text before it goes first
            return write.get();
        } finally {
            interrupted |= interruptAfterDelta;
            interruptAfterDelta = false;
            outputLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Interrupts the agent's thread, though never in the middle of a journal write (see {@link #delta}). */
    void interruptAgent(Thread agent) {
        if (outputLock.tryLock()) {
            try {
                agent.interrupt();
            } finally {
                outputLock.unlock();
            }
        } else {
            interruptAfterDelta = true;
        }
    }

    /**
     * Makes every delta accepted so far durable before returning (a write about to follow must come after it);
     * throws when that failed.
     */
    void drainText() {
        outputLock.lock();
        try {
            writeBehind.ifPresent(WriteBehind::drain);
        } finally {
            outputLock.unlock();
        }
    }

    /**
     * Stops accepting text and returns the whole reply: what was journaled plus {@link #unwrittenText()}, which
     * the final carries. Waits for a delta being written.
     */
    String close() {
        outputLock.lock();
        try {
            closed = true;
            if (writeBehind.isPresent() && unwritten.isEmpty()) {
                unwritten = writeBehind.get().stop();
            }
            return text.toString() + unwritten;
        } finally {
            outputLock.unlock();
        }
    }

    /**
     * Once closed: text the agent gave while the previous delta was being written, which is journaled with the
     * final in one step; empty when there is none.
     */
    Optional<TextDelta> unwrittenText() {
        return unwritten.isEmpty() ? Optional.empty() : Optional.of(new TextDelta(unwritten));
    }

    /** Once closed: why writing text behind the agent failed, if it did (the text from then on was dropped). */
    Optional<RuntimeException> journalFailure() {
        return writeBehind.flatMap(WriteBehind::failure);
    }

    /** When the first text was journaled, given when the turn started; empty while there is none. */
    Optional<Instant> firstDeltaAt(Instant startedAt) {
        return hasDelta ? Optional.of(startedAt.plusNanos(firstDeltaNanos - createdNanos)) : Optional.empty();
    }

    /** Tells the agent to stop; only the first reason counts. */
    void cancel(CancelReason why) {
        List<Runnable> actions;
        synchronized (cancelLock) {
            if (reason != null) {
                return;
            }
            reason = why;
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        actions.forEach(RunningTurn::runQuietly);
        cancelled.complete(why);
    }

    Optional<CancelReason> cancelReason() {
        return Optional.ofNullable(reason);
    }

    /** Completes when the turn is cancelled. */
    CompletableFuture<CancelReason> whenCancelled() {
        return cancelled;
    }

    @Override
    public boolean isCancelled() {
        return reason != null;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (cancelLock) {
            if (reason == null) {
                cancelActions.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.getLogger(RunningTurn.class.getName())
                    .log(System.Logger.Level.WARNING, "a cancellation action failed", e);
        }
    }
}
