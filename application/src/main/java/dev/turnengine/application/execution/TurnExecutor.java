package dev.turnengine.application.execution;

import dev.turnengine.application.port.out.TurnDispatcher;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.lifecycle.CancelReason;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnTracing;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs turns on this node and makes sure each ends with exactly one {@code final}: whether the agent
 * completes, throws, hangs past the turn timeout, is interrupted, or the engine shuts down. It wires the
 * parts, each one job: {@link ConversationQueues} drains each conversation's queue in order;
 * {@link TurnRunner} runs one turn (agent thread, {@link TurnDeadline}, cancellation) and writes the ending
 * that {@code domain.lifecycle.TurnOutcome} decides; {@link LocalTurns} knows what runs here and routes
 * interrupts; {@link TurnRecovery} renews leases and ends dead nodes' turns; {@link IdempotencyPurge}
 * expires keys.
 */
public final class TurnExecutor implements TurnDispatcher, AutoCloseable {

    private final Storage storage;
    private final LocalTurns local;
    private final ConversationQueues queues;
    private final TurnRecovery recovery;
    private final IdempotencyPurge purge;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("turn-timer").daemon().factory());
    private final ToolRuns tools;
    private Subscription interruptListener;
    private Subscription answerListener;

    /** An executor whose agents are offered no server tools. */
    public TurnExecutor(Storage storage, AgentCatalog agents, ExecutionSettings settings, Clock clock) {
        this(storage, agents, List.of(), settings, clock);
    }

    /** An executor whose agents are offered {@code serverTools}, run as {@code settings.tools()} says. */
    public TurnExecutor(Storage storage, AgentCatalog agents, List<ServerTools> serverTools,
            ExecutionSettings settings, Clock clock) {
        this(storage, agents, serverTools, settings, clock, EngineMetrics.none(), TurnTracing.none());
    }

    /** An executor that also reports its turns to {@code metrics} and traces them with {@code tracing}. */
    public TurnExecutor(Storage storage, AgentCatalog agents, List<ServerTools> serverTools,
            ExecutionSettings settings, Clock clock, EngineMetrics metrics, TurnTracing tracing) {
        this.storage = storage;
        this.local = new LocalTurns(clock);
        this.tools = new ToolRuns(serverTools, storage.toolCalls(), settings.tools(), storage.presence(), clock, metrics);
        TurnTelemetry telemetry = new TurnTelemetry(metrics, tracing);
        TurnRunner runner = new TurnRunner(storage, agents, settings, clock, local, tools, telemetry);
        this.queues = new ConversationQueues(storage.turns(), settings, clock, local, runner, telemetry);
        this.recovery = new TurnRecovery(storage.turns(), storage.journal(), settings, clock, local, queues, telemetry);
        metrics.engineGauges(local::count, local::waitingCount, storage.turns()::queuedCount);
        this.purge = new IdempotencyPurge(storage.idempotency(), clock);
    }

    /** Starts listening for interrupts, finishes turns a previous process of this node left, and starts sweeping. */
    public void start() {
        interruptListener = storage.interrupts().listen((conversationId, turnId) -> local.interrupt(turnId));
        answerListener = tools.listen();
        recovery.endLeftovers();
        long renewMillis = recovery.renewInterval().toMillis();
        timer.scheduleWithFixedDelay(recovery::renewLeases, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(recovery::sweep, 0, TurnRecovery.SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(purge::purge, 0, IdempotencyPurge.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void dispatch(ConversationId conversationId) {
        queues.dispatch(conversationId);
    }

    @Override
    public Optional<Admission.Start> startLease() {
        return queues.startLease();
    }

    @Override
    public void runStarted(Admission.Admitted started) {
        queues.runStarted(started);
    }

    /** Number of turns this node is running now. */
    public int runningTurns() {
        return local.count();
    }

    /** Stops taking turns and ends the running ones as interrupted (code {@code shutdown}). */
    @Override
    public void close() {
        shutdown();
    }

    /**
     * Closes as {@link #close()} does and returns the {@code final} events of the turns it ended, so that
     * whoever serves streams can deliver them before closing those.
     */
    public List<JournalEvent> shutdown() {
        local.stopStarting();
        timer.shutdownNow();
        if (interruptListener != null) {
            interruptListener.close();
        }
        if (answerListener != null) {
            answerListener.close();
        }
        local.cancelAll(CancelReason.SHUTDOWN);
        queues.close();
        return local.finalsWhileClosing();
    }
}
