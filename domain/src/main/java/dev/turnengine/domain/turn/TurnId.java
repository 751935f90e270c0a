package dev.turnengine.domain.turn;

import dev.turnengine.domain.conversation.Uuids;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identity of a turn: a UUID. */
public record TurnId(UUID value) {

    public TurnId {
        Objects.requireNonNull(value, "value");
    }

    public static TurnId random() {
        return new TurnId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text form; empty for anything else. */
    public static Optional<TurnId> parse(String text) {
        return Uuids.parse(text).map(TurnId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
