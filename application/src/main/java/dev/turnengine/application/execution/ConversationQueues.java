package dev.turnengine.application.execution;

import dev.turnengine.application.port.out.TurnDispatcher;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.lifecycle.TurnOutcome;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.UnreadableTurnException;
import dev.turnengine.domain.turn.Turn;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drains each conversation's queue: on a wake-up, starts its queued turns one at a time in order of
 * acceptance (on a virtual thread per conversation) and hands each to {@link TurnRunner}. Wake-ups come
 * from new submits and from {@link TurnRecovery}; see {@link TurnExecutor} for the whole.
 */
final class ConversationQueues implements TurnDispatcher {

    private static final Logger LOG = System.getLogger(ConversationQueues.class.getName());
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final TurnStore turns;
    private final ExecutionSettings settings;
    private final Clock clock;
    private final LocalTurns local;
    private final TurnRunner runner;
    private final TurnTelemetry telemetry;
    private final ConcurrentHashMap<ConversationId, AtomicInteger> wakeups = new ConcurrentHashMap<>();
    private final ExecutorService drainers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("turn-drain-", 0).factory());

    ConversationQueues(TurnStore turns, ExecutionSettings settings, Clock clock, LocalTurns local, TurnRunner runner,
            TurnTelemetry telemetry) {
        this.telemetry = telemetry;
        this.turns = turns;
        this.settings = settings;
        this.clock = clock;
        this.local = local;
        this.runner = runner;
    }

    @Override
    public Optional<Admission.Start> startLease() {
        if (local.isClosing()) {
            return Optional.empty();
        }
        return Optional.of(new Admission.Start(settings.nodeId(), clock.instant().plus(settings.leaseDuration()),
                settings.historyWindow()));
    }

    /**
     * Runs a turn admission started (the conversation was idle, so no drain runs it), then drains what was
     * queued behind it, if anything was. A drain woken meanwhile finds the turn running and leaves it alone.
     */
    @Override
    public void runStarted(Admission.Admitted started) {
        Turn turn = started.turn();
        Optional<TurnRunner.Prepared> prepared = Optional.of(
                new TurnRunner.Prepared(started.conversation(), started.history()));
        try {
            drainers.execute(() -> {
                if (runner.run(turn, prepared)) {
                    dispatch(turn.conversationId());
                }
            });
        } catch (RejectedExecutionException e) {
            runner.run(turn, prepared); // closing: the turn is ended at once, as a shutdown
        }
    }

    @Override
    public void dispatch(ConversationId conversationId) {
        if (local.isClosing()) {
            return;
        }
        AtomicInteger wakeup = wakeups.computeIfAbsent(conversationId, id -> new AtomicInteger());
        if (wakeup.getAndIncrement() == 0) {
            try {
                drainers.execute(() -> drain(conversationId, wakeup));
            } catch (RejectedExecutionException e) {
                wakeup.set(0);
            }
        }
    }

    /**
     * Runs the conversation's queued turns until none is left. Wake-ups that arrive meanwhile are counted,
     * so a turn admitted just as the loop finds the queue empty is never left waiting.
     */
    private void drain(ConversationId conversationId, AtomicInteger wakeup) {
        try {
            while (true) {
                int seen = wakeup.get();
                runQueued(conversationId);
                if (local.isClosing() || wakeup.compareAndSet(seen, 0)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "running conversation " + conversationId + " stopped; the sweep will retry", e);
        } finally {
            wakeup.set(0);
            wakeups.remove(conversationId, wakeup);
        }
    }

    private void runQueued(ConversationId conversationId) {
        while (!local.isClosing()) {
            Instant now = clock.instant();
            Optional<Turn> next;
            try {
                next = turns.startNext(conversationId, settings.nodeId(), now.plus(settings.leaseDuration()), now);
            } catch (UnreadableTurnException e) {
                if (endUnreadable(e)) {
                    continue;
                }
                return; // it could not be ended now (another node did, or storage is away): the sweep comes back
            }
            if (next.isEmpty()) {
                return;
            }
            if (!runner.run(next.get(), Optional.empty())) {
                return; // none was queued behind it; a turn queued since is started by its own admission or wake-up
            }
        }
    }

    /** A turn that cannot be decoded never runs: it ends {@code failed} at once, and the queue moves on. */
    private boolean endUnreadable(UnreadableTurnException e) {
        LOG.log(Level.ERROR, "turn " + e.turnId() + " cannot be read from storage; ending it as failed", e);
        Instant now = clock.instant();
        boolean ended = turns.cancelQueued(e.conversationId(), e.turnId(), TurnOutcome.unreadable(), now).isPresent();
        if (ended) {
            telemetry.endedWhileQueued(turns, e.conversationId(), e.turnId(), TurnOutcome.unreadable(), now);
        }
        return ended;
    }

    /** Lets running turns write their finals (they were told to stop) and waits a while for them. */
    void close() {
        drainers.shutdown();
        try {
            if (!drainers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "some turns did not end within " + SHUTDOWN_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
