package dev.turnengine.application.service;

import dev.turnengine.application.port.in.DeleteConversationUseCase;
import dev.turnengine.application.report.TurnEndReporter;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.turn.TurnError;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes a conversation in two steps: closing it ends its turns ({@code final} interrupted, code
 * {@code conversation_deleted}) and hides it everywhere at once; then, once open streams on every node have
 * had a moment to read those finals, its rows are removed. The node running its turn is told through the
 * interrupt signal to stop the agent; whatever that node writes late is refused by storage.
 */
public final class DeleteConversationService implements DeleteConversationUseCase {

    /** How long streams on other nodes get to read the finals before the journal goes. */
    static final Duration STREAM_GRACE = Duration.ofMillis(500);
    private static final Logger LOG = System.getLogger(DeleteConversationService.class.getName());

    private final ConversationErasure erasure;
    private final InterruptSignals interrupts;
    private final Clock clock;
    private final TurnEndReporter reporter;

    public DeleteConversationService(ConversationErasure erasure, InterruptSignals interrupts, Clock clock,
            EngineMetrics metrics) {
        this.erasure = erasure;
        this.interrupts = interrupts;
        this.clock = clock;
        this.reporter = new TurnEndReporter(metrics);
    }

    @Override
    public Result delete(Caller caller, ConversationId conversationId) {
        Instant closedAt = clock.instant();
        Optional<ConversationErasure.Closed> closed = erasure.close(caller.tenant(), conversationId,
                DeleteConversationService::ending, closedAt);
        if (closed.isEmpty()) {
            return new Result.NotFound();
        }
        // The node running a turn does not report it: storage refuses the final it writes late.
        closed.get().endings().forEach(reporter::ended);
        closed.get().runningTurn().ifPresent(turnId -> {
            try {
                interrupts.request(conversationId, turnId);
            } catch (RuntimeException e) {
                // Its final is written; the agent stops when its next write is refused.
                LOG.log(Level.WARNING, "could not signal the node running turn " + turnId + " to stop", e);
            }
        });
        if (!closed.get().endedTurns().isEmpty()) {
            pauseUntil(closedAt.plus(STREAM_GRACE));
        }
        try {
            erasure.erase(conversationId);
        } catch (StorageUnavailableException e) {
            // Hidden already; the cleanup job removes the rows later.
            LOG.log(Level.WARNING, "conversation " + conversationId + " is closed; its rows will be removed later", e);
        }
        return new Result.Deleted();
    }

    /** The final of a turn its conversation's deletion ended. */
    static TurnFinal ending(String text) {
        return TurnFinal.interrupted(text, Optional.of(new TurnError(TurnError.CONVERSATION_DELETED,
                "the conversation was deleted")), Optional.empty());
    }

    private void pauseUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
