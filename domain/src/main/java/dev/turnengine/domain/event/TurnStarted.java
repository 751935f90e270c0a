package dev.turnengine.domain.event;

/** The agent began working on the turn. */
public record TurnStarted() implements TurnEvent {
}
