package dev.turnengine.domain.event;

import java.util.Objects;

/** A message was accepted and its turn queued; carries the user's text so watchers can show it. */
public record TurnAccepted(String text, String source) implements TurnEvent {

    public TurnAccepted {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
