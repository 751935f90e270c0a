package dev.turnengine.domain.report;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one turn ended, in numbers: what metrics count and the turn-end log line shows. Holds ids but no
 * text the user or the model wrote.
 *
 * @param errorCode the code of a failed (or cut short) turn
 * @param queueWait from acceptance until the turn started running (zero when it never started)
 * @param duration from the start of its run (or its acceptance, when it never ran) until its end
 * @param firstDelta from acceptance until the first reply text was journaled, when any was
 */
public record TurnSummary(
        TurnId turnId,
        ConversationId conversationId,
        FinalStatus status,
        Optional<String> errorCode,
        Duration queueWait,
        Duration duration,
        Optional<Duration> firstDelta,
        Optional<Usage> usage) {

    public TurnSummary {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(firstDelta, "firstDelta");
        Objects.requireNonNull(usage, "usage");
    }

    /** The summary of {@code turn} ending with {@code ending} at {@code now}. */
    public static TurnSummary of(Turn turn, TurnFinal ending, Optional<Instant> firstDeltaAt, Instant now) {
        return of(turn.id(), turn.conversationId(), turn.acceptedAt(), turn.startedAt(), ending, firstDeltaAt, now);
    }

    /**
     * The summary of the turn accepted at {@code acceptedAt} (and started at {@code startedAt}, if it ran) ending
     * with {@code ending} at {@code now}: for whoever ends a turn without holding it whole (storage).
     */
    public static TurnSummary of(TurnId turnId, ConversationId conversationId, Instant acceptedAt,
            Optional<Instant> startedAt, TurnFinal ending, Optional<Instant> firstDeltaAt, Instant now) {
        Instant runFrom = startedAt.orElse(acceptedAt);
        Duration queueWait = startedAt.map(started -> nonNegative(acceptedAt, started)).orElse(Duration.ZERO);
        return new TurnSummary(turnId, conversationId, ending.status(), ending.error().map(TurnError::code),
                queueWait, nonNegative(runFrom, now), firstDeltaAt.map(at -> nonNegative(acceptedAt, at)),
                ending.usage());
    }

    private static Duration nonNegative(Instant from, Instant to) {
        Duration between = Duration.between(from, to);
        return between.isNegative() ? Duration.ZERO : between;
    }
}
