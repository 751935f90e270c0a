package dev.turnengine.application.execution;

import dev.turnengine.domain.agent.ToolStepLimit;
import dev.turnengine.domain.agent.Tools;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.lifecycle.CancelReason;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.port.EngineMetrics;
import java.time.Duration;
import dev.turnengine.domain.tool.ToolSpec;
import dev.turnengine.domain.turn.Turn;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's {@link Tools} for one turn. A batch of calls is journaled first ({@code tool_call} each, in order),
 * then every call runs on its own virtual thread — waiting for approval where needed ({@link AnswerWait}), then on
 * the server ({@link ServerToolRun}) or in the browser — and each result is journaled as it comes. {@link #close}
 * (before the turn's final) gives every call still open an error result and refuses anything later, so every
 * {@code tool_call} gets exactly one {@code tool_result}, and none follows the final.
 */
final class TurnTools implements Tools {

    private static final Logger LOG = System.getLogger(TurnTools.class.getName());

    private final Turn turn;
    private final RunningTurn runningTurn;
    private final ServerToolIndex index;
    private final ToolCallStore store;
    private final ToolSettings settings;
    private final ToolCallProcess process;
    private final EngineMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: call ids journaled in this turn, those still without a result, and the end. */
    private final Set<String> usedIds = new HashSet<>();
    private final Map<String, ToolCall> open = new LinkedHashMap<>();
    private boolean closed;
    /** Only touched by the agent's thread. */
    private int batches;

    TurnTools(Turn turn, RunningTurn runningTurn, ServerToolIndex index, ToolCallStore store, AnswerWait wait,
            ToolSettings settings, EngineMetrics metrics) {
        this.metrics = metrics;
        this.turn = turn;
        this.runningTurn = runningTurn;
        this.index = index;
        this.store = store;
        this.settings = settings;
        this.process = new ToolCallProcess(turn, runningTurn, store, wait, settings);
    }

    @Override
    public List<ToolSpec> offered() {
        return index.offered();
    }

    @Override
    public List<ToolResult> call(List<ToolCall> calls) {
        Objects.requireNonNull(calls, "calls");
        if (calls.isEmpty()) {
            return List.of();
        }
        // Batch k follows the model's k-th call; answering it leads to call k + 1, which the limit may not allow.
        if (++batches >= settings.maxToolSteps()) {
            throw new ToolStepLimit(settings.maxToolSteps()).exceeded();
        }
        List<CompletableFuture<ToolResult>> results = new ArrayList<>(calls.size());
        List<Runnable> starts = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            Optional<ServerToolIndex.Entry> tool = index.find(call.name());
            Optional<ToolResult> refused = journalCall(call, tool);
            if (refused.isPresent()) {
                metrics.toolCallEnded(call.name(), false, EngineMetrics.toolOutcome(refused.get()), Duration.ZERO);
                results.add(CompletableFuture.completedFuture(refused.get()));
                continue;
            }
            CompletableFuture<ToolResult> result = new CompletableFuture<>();
            results.add(result);
            starts.add(() -> Thread.ofVirtual().name("tool-" + call.callId()).start(() -> {
                long startNanos = System.nanoTime();
                ToolResult answer = process.run(call, tool);
                metrics.toolCallEnded(call.name(), tool.isPresent(), EngineMetrics.toolOutcome(answer),
                        Duration.ofNanos(System.nanoTime() - startNanos));
                journalResult(answer);
                result.complete(answer);
            }));
        }
        starts.forEach(Runnable::run);
        return collect(calls, results);
    }

    /** Each call's result; once this thread is interrupted (the turn is cancelled), error results for the rest. */
    private List<ToolResult> collect(List<ToolCall> calls, List<CompletableFuture<ToolResult>> results) {
        List<ToolResult> answers = new ArrayList<>(calls.size());
        boolean interrupted = false;
        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<ToolResult> result = results.get(i);
            try {
                answers.add(interrupted && !result.isDone() ? ended(calls.get(i)) : result.get());
            } catch (InterruptedException e) {
                interrupted = true;
                answers.add(ended(calls.get(i)));
            } catch (ExecutionException e) {
                answers.add(ToolResult.error(calls.get(i), ToolResult.TOOL_FAILED, String.valueOf(e.getCause())));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(answers);
    }

    /** Journals a call's {@code tool_call}; an error result instead when the call cannot be run at all. */
    private Optional<ToolResult> journalCall(ToolCall call, Optional<ServerToolIndex.Entry> tool) {
        ToolExecutor executor = tool.map(entry -> entry.spec().executor()).orElse(ToolExecutor.SERVER);
        boolean approval = tool.map(entry -> entry.spec().requiresApproval()).orElse(false);
        lock.lock();
        try {
            if (closed) {
                return Optional.of(ended(call));
            }
            if (!usedIds.add(call.callId())) {
                return Optional.of(ToolResult.error(call, ToolResult.TOOL_FAILED,
                        "the call id '" + call.callId() + "' was already used in this turn"));
            }
            runningTurn.journal(() -> store.recordCall(turn.conversationId(), turn.id(),
                    new ToolCallEvent(call, executor, approval)));
            open.put(call.callId(), call);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Journals a call's result unless the turn's tools are closed (then {@link #close} gave it one). */
    private void journalResult(ToolResult result) {
        lock.lock();
        try {
            ToolCall call = open.remove(result.callId());
            if (closed || call == null) {
                return;
            }
            try {
                store.recordResult(turn.conversationId(), turn.id(), new ToolResultEvent(result));
            } catch (RuntimeException e) {
                open.put(result.callId(), call);
                LOG.log(Level.WARNING, "could not journal the result of tool call " + result.callId()
                        + "; it gets an error result when the turn ends", e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the turn's tool calls before its final: each call still open gets an error result saying why, and later
     * calls and results are refused.
     */
    void close(Optional<CancelReason> why) {
        lock.lock();
        try {
            closed = true;
            if (!open.isEmpty()) {
                drainTextQuietly(); // text the agent gave before these results goes first
            }
            for (ToolCall call : open.values()) {
                try {
                    store.recordResult(turn.conversationId(), turn.id(), new ToolResultEvent(ended(call, why)));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not journal the error result of tool call " + call.callId(), e);
                }
            }
            open.clear();
        } finally {
            lock.unlock();
        }
    }

    private void drainTextQuietly() {
        try {
            runningTurn.drainText();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "text of turn " + turn.id() + " could not be stored before its tool results", e);
        }
    }

    private ToolResult ended(ToolCall call) {
        return ended(call, runningTurn.cancelReason());
    }

    static ToolResult ended(ToolCall call, Optional<CancelReason> why) {
        String message = why.map(reason -> switch (reason) {
            case INTERRUPTED -> "the turn was interrupted before the call finished";
            case TIMEOUT -> "the turn ran out of time before the call finished";
            case SHUTDOWN -> "the server shut down before the call finished";
        }).orElse("the turn ended before the call finished");
        return ToolResult.error(call, ToolResult.INTERRUPTED, message);
    }
}
