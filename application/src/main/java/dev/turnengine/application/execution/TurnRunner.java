package dev.turnengine.application.execution;

import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.lifecycle.AgentEnding;
import dev.turnengine.domain.lifecycle.CancelReason;
import dev.turnengine.domain.lifecycle.TurnOutcome;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.TurnStore.Finished;
import dev.turnengine.domain.port.TurnTracing.TurnSpan;
import dev.turnengine.domain.turn.Turn;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one started turn to its {@code final}: prepares the agent's request, runs the agent on its own
 * virtual thread, waits for its answer, a cancellation or the end of the {@link TurnDeadline}, lets
 * {@link TurnOutcome} decide the ending and writes it. {@link ConversationQueues} calls it for each turn
 * it starts; {@link LocalTurns} holds the turn while it runs; {@link TurnRecovery} ends what this could not.
 */
final class TurnRunner {

    private static final Logger LOG = System.getLogger(TurnRunner.class.getName());

    private final Storage storage;
    private final AgentCatalog agents;
    private final ExecutionSettings settings;
    private final Clock clock;
    private final LocalTurns local;
    private final ToolRuns tools;
    private final TurnTelemetry telemetry;

    TurnRunner(Storage storage, AgentCatalog agents, ExecutionSettings settings, Clock clock, LocalTurns local,
            ToolRuns tools, TurnTelemetry telemetry) {
        this.telemetry = telemetry;
        this.storage = storage;
        this.agents = agents;
        this.settings = settings;
        this.clock = clock;
        this.local = local;
        this.tools = tools;
    }

    /** What the agent's request is made of, read before the turn runs: its conversation and history. */
    record Prepared(Conversation conversation, List<Exchange> history) {
    }

    /**
     * Runs the turn and writes its final; never throws for the agent's or storage's sake. {@code prepared} is
     * what the agent needs when the caller has it already (a turn started in its admission); else it is read
     * here. Returns whether turns may be queued behind it: false only when its final was written and found none.
     */
    boolean run(Turn turn, Optional<Prepared> prepared) {
        RunningTurn runningTurn = local.begin(turn, storage.journal(), TurnDeadline.after(settings.turnTimeout()));
        TurnSpan span = telemetry.started(turn);
        try {
            TurnFinal ending = execute(turn, prepared, runningTurn, span);
            Instant now = clock.instant();
            Optional<Finished> finished = finish(turn, runningTurn.unwrittenText(), ending, now);
            if (finished.isEmpty()) {
                return true;
            }
            telemetry.ended(turn, ending, runningTurn.firstDeltaAt(turn.startedAt().orElse(now)), now, span);
            return finished.get().queuedBehind();
        } finally {
            local.end(turn.id());
        }
    }

    private TurnFinal execute(Turn turn, Optional<Prepared> prepared, RunningTurn runningTurn, TurnSpan span) {
        AgentRequest request;
        AgentRunner runner;
        TurnTools turnTools = tools.forTurn(turn, runningTurn);
        try {
            Optional<Conversation> conversation = prepared.isPresent() ? prepared.map(Prepared::conversation)
                    : storage.conversations().get(turn.conversationId());
            if (conversation.isEmpty()) {
                runningTurn.close();
                return TurnOutcome.conversationGone();
            }
            Optional<AgentRunner> found = agents.find(conversation.get().agent());
            if (found.isEmpty()) {
                runningTurn.close();
                return TurnOutcome.agentUnavailable(conversation.get().agent());
            }
            runner = found.get();
            List<Exchange> history = prepared.isPresent() ? prepared.get().history()
                    : settings.historyWindow() == 0 ? List.of()
                    : storage.turns().history(turn.conversationId(), turn.id(), settings.historyWindow());
            // The only read of the attachments' bytes: lists, history and the start of the turn leave them out.
            Turn full = storage.turns().loadAttachments(turn);
            request = new AgentRequest(conversation.get(), turn.id(), full.message(), turn.source(), history)
                    .withTools(turnTools);
        } catch (RuntimeException e) {
            runningTurn.close();
            LOG.log(Level.WARNING, "turn " + turn.id() + " could not be prepared", e);
            return TurnOutcome.notPrepared(e);
        }

        CompletableFuture<AgentResult> answer = new CompletableFuture<>();
        Thread agentThread = Thread.ofVirtual().name("agent-" + turn.id()).start(span.inContext(() -> {
            try {
                answer.complete(runner.run(request, runningTurn, runningTurn));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }));
        runningTurn.onCancel(() -> runningTurn.interruptAgent(agentThread));
        awaitEnd(answer, runningTurn);
        Optional<CancelReason> cancelled = runningTurn.cancelReason();
        turnTools.close(cancelled); // every open tool call gets its result before the final
        String text = runningTurn.close();
        AgentEnding ending = switch (answer.state()) {
            case SUCCESS -> new AgentEnding.Answered(answer.resultNow());
            case FAILED -> new AgentEnding.Failed(answer.exceptionNow());
            case RUNNING, CANCELLED -> new AgentEnding.Unfinished();
        };
        Optional<RuntimeException> lostText = runningTurn.journalFailure();
        if (lostText.isPresent() && !(ending instanceof AgentEnding.Failed)) {
            // Text written behind the agent could not be stored: the reply is not whole, whatever the agent did.
            ending = new AgentEnding.Failed(lostText.get());
        }
        if (cancelled.isEmpty() && ending instanceof AgentEnding.Failed failed
                && !TurnOutcome.showsDetail(failed.failure())) {
            // The final names no internal detail; this log line, with the turn id, has it.
            LOG.log(Level.WARNING, "turn " + turn.id() + " failed", failed.failure());
        }
        return TurnOutcome.decide(cancelled, ending, text, settings.turnTimeout());
    }

    /**
     * Waits until the agent answers or fails, the turn is cancelled, or its deadline passes (then cancels
     * it as timed out). While the deadline is paused, only the answer or a cancellation ends the wait.
     */
    private static void awaitEnd(CompletableFuture<AgentResult> answer, RunningTurn runningTurn) {
        CompletableFuture<Object> ended = CompletableFuture.anyOf(answer, runningTurn.whenCancelled());
        TurnDeadline deadline = runningTurn.deadline();
        try {
            while (!ended.isDone()) {
                CompletableFuture<Object> wake = CompletableFuture.anyOf(ended, deadline.changed());
                Optional<Duration> left = deadline.remaining();
                if (left.isEmpty()) {
                    wake.get();
                } else if (!left.get().isNegative() && !left.get().isZero()) {
                    try {
                        wake.get(left.get().toNanos(), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        // Loop: the deadline says whether the time is really up.
                    }
                } else {
                    runningTurn.cancel(CancelReason.TIMEOUT);
                    return;
                }
            }
        } catch (InterruptedException e) {
            runningTurn.cancel(CancelReason.SHUTDOWN);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The agent failed; the caller reads the failure from the answer itself.
        }
    }

    /**
     * Writes the final, retrying while storage is away for about one lease; after that the turn is
     * left to lease recovery, which any node (this one included) performs.
     */
    private Optional<Finished> finish(Turn turn, Optional<TextDelta> lastText, TurnFinal ending, Instant now) {
        Instant giveUp = now.plus(settings.leaseDuration());
        long backoffMillis = 50;
        while (true) {
            try {
                Optional<Finished> written = storage.turns().finish(turn.conversationId(), turn.id(), lastText,
                        ending, clock.instant());
                written.ifPresent(it -> local.finalWritten(it.event()));
                return written;
            } catch (StorageUnavailableException e) {
                if (clock.instant().isAfter(giveUp)) {
                    LOG.log(Level.WARNING, "could not end turn " + turn.id() + "; lease recovery will end it", e);
                    return Optional.empty();
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                backoffMillis = Math.min(2_000, backoffMillis * 2);
            }
        }
    }
}
