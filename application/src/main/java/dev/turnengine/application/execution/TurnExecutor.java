package dev.turnengine.application.execution;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs turns on virtual threads, one at a time per conversation in order of acceptance, and makes sure
 * each ends with exactly one {@code final}: whether the agent completes, throws, hangs past the turn
 * timeout, is interrupted, or the engine shuts down. It also finishes turns whose node died (expired
 * leases) and restarts conversations nobody is running.
 */
public final class TurnExecutor implements TurnDispatcher, AutoCloseable {

    private static final Logger LOG = System.getLogger(TurnExecutor.class.getName());
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final Duration EARLY_INTERRUPT_MEMORY = Duration.ofMinutes(1);
    private static final Duration ORPHAN_AGE = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    private static final int SWEEP_BATCH = 100;

    private final EnginePorts ports;
    private final EngineSettings settings;
    private final Clock clock;
    private final ConcurrentHashMap<ConversationId, AtomicInteger> wakeups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TurnId, RunningTurn> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TurnId, Instant> earlyInterrupts = new ConcurrentHashMap<>();
    private final ExecutorService drainers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("turn-drain-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("turn-timer").daemon().factory());
    private volatile boolean closing;
    private volatile Instant lastPurge = Instant.EPOCH;
    /** Only read and written by the sweep, on the timer thread. */
    private Set<ConversationId> stalledAtLastSweep = Set.of();
    private Subscription interruptListener;

    public TurnExecutor(EnginePorts ports, EngineSettings settings, Clock clock) {
        this.ports = ports;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts listening for interrupts, finishes turns a previous process of this node left, and starts sweeping. */
    public void start() {
        interruptListener = ports.interrupts().listen((conversationId, turnId) -> interrupt(turnId));
        try {
            ports.turns().runningOn(settings.nodeId()).forEach(this::abandon);
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "storage unavailable at start; leftover turns will be recovered later", e);
        }
        long renewMillis = Math.max(50, settings.leaseDuration().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewLeases, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::sweep, 0, SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void dispatch(ConversationId conversationId) {
        if (closing) {
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

    /** Cancels the turn if it runs here; remembers the request briefly in case it is about to start here. */
    private void interrupt(TurnId turnId) {
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

    /**
     * Runs the conversation's queued turns until none is left. Wake-ups that arrive meanwhile are counted,
     * so a turn admitted just as the loop finds the queue empty is never left waiting.
     */
    private void drain(ConversationId conversationId, AtomicInteger wakeup) {
        try {
            while (true) {
                int seen = wakeup.get();
                runQueued(conversationId);
                if (closing || wakeup.compareAndSet(seen, 0)) {
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
        while (!closing) {
            Instant now = clock.instant();
            Optional<Turn> next = ports.turns().startNext(
                    conversationId, settings.nodeId(), now.plus(settings.leaseDuration()), now);
            if (next.isEmpty()) {
                return;
            }
            run(next.get());
        }
    }

    private void run(Turn turn) {
        RunningTurn runningTurn = new RunningTurn(turn, ports.journal());
        running.put(turn.id(), runningTurn);
        try {
            if (earlyInterrupts.remove(turn.id()) != null) {
                runningTurn.cancel(CancelReason.INTERRUPTED);
            }
            if (closing) {
                runningTurn.cancel(CancelReason.SHUTDOWN);
            }
            finish(turn, execute(turn, runningTurn));
        } finally {
            running.remove(turn.id());
        }
    }

    /** Lets the agent answer and decides how the turn ends; never throws. */
    private TurnFinal execute(Turn turn, RunningTurn runningTurn) {
        AgentRequest request;
        AgentRunner runner;
        try {
            Optional<Conversation> conversation = ports.conversations().get(turn.conversationId());
            if (conversation.isEmpty()) {
                runningTurn.close();
                return TurnFinal.failed("", new TurnError(TurnError.AGENT_ERROR, "the conversation is gone"),
                        Optional.empty());
            }
            Optional<AgentRunner> found = ports.agents().find(conversation.get().agent());
            if (found.isEmpty()) {
                runningTurn.close();
                return TurnFinal.failed("", new TurnError("agent_unavailable",
                        "agent '" + conversation.get().agent() + "' is not configured on this server"), Optional.empty());
            }
            runner = found.get();
            List<Exchange> history = settings.historyWindow() == 0 ? List.of()
                    : ports.turns().history(turn.conversationId(), turn.id(), settings.historyWindow());
            request = new AgentRequest(conversation.get(), turn.id(), turn.message(), turn.source(), history);
        } catch (RuntimeException e) {
            runningTurn.close();
            return TurnFinal.failed("", storageError(e), Optional.empty());
        }

        CompletableFuture<AgentResult> answer = new CompletableFuture<>();
        Thread agentThread = Thread.ofVirtual().name("agent-" + turn.id()).start(() -> {
            try {
                answer.complete(runner.run(request, runningTurn, runningTurn));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        runningTurn.onCancel(() -> runningTurn.interruptAgent(agentThread));
        try {
            CompletableFuture.anyOf(answer, runningTurn.whenCancelled())
                    .get(settings.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            runningTurn.cancel(CancelReason.TIMEOUT);
        } catch (InterruptedException e) {
            runningTurn.cancel(CancelReason.SHUTDOWN);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The agent failed; read below from the answer itself.
        }
        String text = runningTurn.close();
        Optional<CancelReason> cancelled = runningTurn.cancelReason();
        Optional<AgentResult> result = answer.isDone() && !answer.isCompletedExceptionally()
                ? Optional.of(answer.join()) : Optional.empty();
        Optional<dev.turnengine.domain.turn.Usage> usage = result.flatMap(AgentResult::usage);
        if (cancelled.isPresent()) {
            return switch (cancelled.get()) {
                case INTERRUPTED -> TurnFinal.interrupted(text, Optional.empty(), usage);
                case SHUTDOWN -> TurnFinal.interrupted(text,
                        Optional.of(new TurnError(TurnError.SHUTDOWN, "the server shut down during this turn")), usage);
                case TIMEOUT -> TurnFinal.failed(text, new TurnError(TurnError.TIMEOUT,
                        "the agent did not finish within " + settings.turnTimeout().toSeconds() + " s"), usage);
            };
        }
        if (result.isPresent()) {
            return TurnFinal.completed(text, usage);
        }
        return TurnFinal.failed(text, agentError(answer), Optional.empty());
    }

    private static TurnError agentError(CompletableFuture<AgentResult> answer) {
        Throwable failure;
        try {
            answer.join();
            failure = new IllegalStateException("the agent ended without an answer");
        } catch (java.util.concurrent.CompletionException e) {
            failure = e.getCause() == null ? e : e.getCause();
        }
        if (failure instanceof AgentException agentException) {
            return new TurnError(agentException.code(), String.valueOf(agentException.getMessage()));
        }
        if (failure instanceof StorageUnavailableException) {
            return new TurnError(TurnError.STORAGE_ERROR, "the reply could not be stored: " + failure.getMessage());
        }
        LOG.log(Level.WARNING, "an agent failed", failure);
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new TurnError(TurnError.AGENT_ERROR, "the agent failed: " + message);
    }

    private static TurnError storageError(RuntimeException e) {
        if (e instanceof StorageUnavailableException) {
            return new TurnError(TurnError.STORAGE_ERROR, "storage was unavailable: " + e.getMessage());
        }
        LOG.log(Level.WARNING, "preparing a turn failed", e);
        return new TurnError(TurnError.AGENT_ERROR, "the turn could not be prepared: " + e.getMessage());
    }

    /**
     * Writes the final, retrying while storage is away for about one lease; after that the turn is
     * left to lease recovery, which any node (this one included) performs.
     */
    private void finish(Turn turn, TurnFinal ending) {
        Instant giveUp = clock.instant().plus(settings.leaseDuration());
        long backoffMillis = 50;
        while (true) {
            try {
                ports.turns().finish(turn.conversationId(), turn.id(), ending, clock.instant());
                return;
            } catch (StorageUnavailableException e) {
                if (clock.instant().isAfter(giveUp)) {
                    LOG.log(Level.WARNING, "could not end turn " + turn.id() + "; lease recovery will end it", e);
                    return;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(2_000, backoffMillis * 2);
            }
        }
    }

    /** Ends a turn whose node stopped running it, keeping the text it had streamed. */
    private void abandon(Turn turn) {
        String text = ports.journal().streamedText(turn.conversationId(), turn.id());
        TurnFinal ending = TurnFinal.failed(text, new TurnError(TurnError.ABANDONED,
                "the server running this turn stopped before it finished"), Optional.empty());
        if (ports.turns().finish(turn.conversationId(), turn.id(), ending, clock.instant()).isPresent()) {
            LOG.log(Level.INFO, "ended abandoned turn " + turn.id());
        }
        dispatch(turn.conversationId());
    }

    private void renewLeases() {
        try {
            ports.turns().renewLeases(settings.nodeId(), clock.instant().plus(settings.leaseDuration()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not renew turn leases", e);
        }
    }

    /** Periodic recovery: dead nodes' turns, this node's orphans, stalled queues, expired keys. */
    private void sweep() {
        try {
            Instant now = clock.instant();
            boolean ownLeaseLapsed = false;
            for (Turn turn : ports.turns().expiredLeases(now, SWEEP_BATCH)) {
                if (running.containsKey(turn.id())) {
                    // Ours and alive: renewals failed while storage was away. Take the lease back, do not end it.
                    ownLeaseLapsed = true;
                } else {
                    abandon(turn);
                }
            }
            if (ownLeaseLapsed) {
                renewLeases();
            }
            for (Turn turn : ports.turns().runningOn(settings.nodeId())) {
                boolean old = turn.startedAt().map(started -> started.plus(ORPHAN_AGE).isBefore(now)).orElse(true);
                if (old && !running.containsKey(turn.id())) {
                    abandon(turn);
                }
            }
            // A turn just admitted on some node looks stalled until that node starts it a moment later, so a
            // conversation is restarted here only when it was already stalled at the previous sweep; otherwise
            // every node's sweep would race the admitting node for fresh turns.
            List<ConversationId> stalled = ports.turns().stalled(SWEEP_BATCH);
            for (ConversationId conversationId : stalled) {
                if (stalledAtLastSweep.contains(conversationId)) {
                    dispatch(conversationId);
                }
            }
            stalledAtLastSweep = Set.copyOf(stalled);
            earlyInterrupts.values().removeIf(at -> at.plus(EARLY_INTERRUPT_MEMORY).isBefore(now));
            if (lastPurge.plus(PURGE_INTERVAL).isBefore(now)) {
                lastPurge = now;
                ports.idempotency().purgeExpired(now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recovery sweep failed; retrying in " + SWEEP_INTERVAL.toSeconds() + " s", e);
        }
    }

    /** Number of turns this node is running now. */
    public int runningTurns() {
        return running.size();
    }

    /** Stops taking turns and ends the running ones as interrupted (code {@code shutdown}). */
    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
        if (interruptListener != null) {
            interruptListener.close();
        }
        running.values().forEach(turn -> turn.cancel(CancelReason.SHUTDOWN));
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
