package dev.turnengine.application.execution;

import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.lifecycle.CancelReason;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The turns running on this node, and interrupts that arrived just before their turn started here.
 * {@link TurnRunner} registers each turn it runs; interrupt requests and shutdown cancel them here;
 * {@link TurnRecovery} asks which turns are alive. See {@link TurnExecutor} for the whole.
 */
final class LocalTurns {

    private static final Duration EARLY_INTERRUPT_MEMORY = Duration.ofMinutes(1);

    private final Clock clock;
    private final ConcurrentHashMap<TurnId, RunningTurn> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TurnId, Instant> earlyInterrupts = new ConcurrentHashMap<>();
    private final List<JournalEvent> finalsWhileClosing = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    LocalTurns(Clock clock) {
        this.clock = clock;
    }

    /** Registers a turn about to run, already cancelled if it was interrupted early or the node is closing. */
    RunningTurn begin(Turn turn, TurnJournal journal, TurnDeadline deadline) {
        RunningTurn runningTurn = new RunningTurn(turn, journal, deadline);
        running.put(turn.id(), runningTurn);
        if (earlyInterrupts.remove(turn.id()) != null) {
            runningTurn.cancel(CancelReason.INTERRUPTED);
        }
        if (closing) {
            runningTurn.cancel(CancelReason.SHUTDOWN);
        }
        return runningTurn;
    }

    /** The turn has had its final written (or handed to recovery). */
    void end(TurnId turnId) {
        running.remove(turnId);
    }

    /** A final this node wrote; kept when the node is closing, so that open streams can be given it. */
    void finalWritten(JournalEvent event) {
        if (closing) {
            finalsWhileClosing.add(event);
        }
    }

    /** The finals written since the node began to close: those of the turns the shutdown ended. */
    List<JournalEvent> finalsWhileClosing() {
        return List.copyOf(finalsWhileClosing);
    }

    /** Cancels the turn if it runs here; remembers the request briefly in case it is about to start here. */
    void interrupt(TurnId turnId) {
        RunningTurn turn = running.get(turnId);
        if (turn != null) {
            turn.cancel(CancelReason.INTERRUPTED);
        } else {
            earlyInterrupts.put(turnId, clock.instant());
            turn = running.get(turnId);
            if (turn != null && earlyInterrupts.remove(turnId) != null) {
                turn.cancel(CancelReason.INTERRUPTED);
            }
        }
    }

    boolean isRunning(TurnId turnId) {
        return running.containsKey(turnId);
    }

    int count() {
        return running.size();
    }

    /** Running turns whose deadline is paused: they wait for an outside answer (an approval, a browser). */
    int waitingCount() {
        int waiting = 0;
        for (RunningTurn turn : running.values()) {
            if (turn.deadline().isPaused()) {
                waiting++;
            }
        }
        return waiting;
    }

    /** Drops early interrupts older than a minute: their turns ran elsewhere or never will. */
    void forgetStaleInterrupts(Instant now) {
        earlyInterrupts.values().removeIf(at -> at.plus(EARLY_INTERRUPT_MEMORY).isBefore(now));
    }

    /** From now on no turn starts here. */
    void stopStarting() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    /** Tells every running turn to stop. */
    void cancelAll(CancelReason why) {
        running.values().forEach(turn -> turn.cancel(why));
    }
}
