package dev.turnengine.domain.event;

import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.Usage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The end of a turn; every accepted turn gets exactly one.
 *
 * @param text the whole reply, or as much of it as was produced before the turn ended
 */
public record TurnFinal(FinalStatus status, String text, Optional<TurnError> error, Optional<Usage> usage)
        implements TurnEvent {

    public TurnFinal {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        if (status == FinalStatus.FAILED && error.isEmpty()) {
            throw new IllegalArgumentException("a failed turn says why");
        }
    }

    public static TurnFinal completed(String text, Optional<Usage> usage) {
        return new TurnFinal(FinalStatus.COMPLETED, text, Optional.empty(), usage);
    }

    public static TurnFinal interrupted(String text, Optional<TurnError> reason, Optional<Usage> usage) {
        return new TurnFinal(FinalStatus.INTERRUPTED, text, reason, usage);
    }

    public static TurnFinal failed(String text, TurnError error, Optional<Usage> usage) {
        return new TurnFinal(FinalStatus.FAILED, text, Optional.of(error), usage);
    }

    /** The turn as this ending leaves it; refused when the turn has already ended. */
    public Turn endTurn(Turn turn, Instant now) {
        return turn.finish(status, text, error, usage, now);
    }
}
