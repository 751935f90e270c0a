package dev.turnengine.application.execution;

import dev.turnengine.application.port.out.TurnDispatcher;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.lifecycle.TurnOutcome;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.Turn;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Keeps turns from being lost when a node dies or storage goes away: renews this node's leases, ends
 * turns whose lease expired (their node died) and this node's orphans as {@code abandoned}, and wakes
 * conversations whose queue nobody drains. Scheduled by {@link TurnExecutor}; wakes
 * {@link ConversationQueues}; asks {@link LocalTurns} which turns are alive here.
 */
final class TurnRecovery {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = System.getLogger(TurnRecovery.class.getName());
    private static final Duration ORPHAN_AGE = Duration.ofSeconds(5);
    private static final int SWEEP_BATCH = 100;

    private final TurnStore turns;
    private final TurnJournal journal;
    private final ExecutionSettings settings;
    private final Clock clock;
    private final LocalTurns local;
    private final TurnDispatcher queues;
    private final TurnTelemetry telemetry;
    /** Only read and written by the sweep, on the timer thread. */
    private Set<ConversationId> stalledAtLastSweep = Set.of();

    TurnRecovery(TurnStore turns, TurnJournal journal, ExecutionSettings settings, Clock clock, LocalTurns local,
            TurnDispatcher queues, TurnTelemetry telemetry) {
        this.telemetry = telemetry;
        this.turns = turns;
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        this.local = local;
        this.queues = queues;
    }

    /** Ends the turns a previous process of this node left running. */
    void endLeftovers() {
        try {
            turns.runningOn(settings.nodeId()).forEach(this::abandon);
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "storage unavailable at start; leftover turns will be recovered later", e);
        }
    }

    /** How often {@link #renewLeases()} runs: three times per lease. */
    Duration renewInterval() {
        return Duration.ofMillis(Math.max(50, settings.leaseDuration().toMillis() / 3));
    }

    void renewLeases() {
        try {
            turns.renewLeases(settings.nodeId(), clock.instant().plus(settings.leaseDuration()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not renew turn leases", e);
        }
    }

    /** Periodic recovery: dead nodes' turns, this node's orphans, stalled queues. */
    void sweep() {
        try {
            Instant now = clock.instant();
            boolean ownLeaseLapsed = false;
            for (Turn turn : turns.expiredLeases(now, SWEEP_BATCH)) {
                if (local.isRunning(turn.id())) {
                    // Ours and alive: renewals failed while storage was away. Take the lease back, do not end it.
                    ownLeaseLapsed = true;
                } else {
                    abandon(turn);
                }
            }
            if (ownLeaseLapsed) {
                renewLeases();
            }
            for (Turn turn : turns.runningOn(settings.nodeId())) {
                boolean old = turn.startedAt().map(started -> started.plus(ORPHAN_AGE).isBefore(now)).orElse(true);
                if (old && !local.isRunning(turn.id())) {
                    abandon(turn);
                }
            }
            // A turn just admitted on some node looks stalled until that node starts it a moment later, so a
            // conversation is restarted here only when it was already stalled at the previous sweep; otherwise
            // every node's sweep would race the admitting node for fresh turns.
            List<ConversationId> stalled = turns.stalled(SWEEP_BATCH);
            for (ConversationId conversationId : stalled) {
                if (stalledAtLastSweep.contains(conversationId)) {
                    queues.dispatch(conversationId);
                }
            }
            stalledAtLastSweep = Set.copyOf(stalled);
            local.forgetStaleInterrupts(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recovery sweep failed; retrying in " + SWEEP_INTERVAL.toSeconds() + " s", e);
        }
    }

    /** Ends a turn whose node stopped running it, keeping the text it had streamed. */
    private void abandon(Turn turn) {
        String text = journal.streamedText(turn.conversationId(), turn.id());
        TurnFinal ending = TurnOutcome.abandoned(text);
        Instant now = clock.instant();
        if (turns.finish(turn.conversationId(), turn.id(), ending, now).isPresent()) {
            telemetry.endedElsewhere(turn, ending, now);
        }
        queues.dispatch(turn.conversationId());
    }
}
