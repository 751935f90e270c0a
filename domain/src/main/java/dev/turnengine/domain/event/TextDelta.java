package dev.turnengine.domain.event;

import java.util.Objects;

/** New reply text, to be appended to what came before. */
public record TextDelta(String delta) implements TurnEvent {

    public TextDelta {
        Objects.requireNonNull(delta, "delta");
    }
}
