package dev.turnengine.domain.turn;

import java.util.Objects;
import java.util.Optional;

/** What a conversation is doing now: the turn running, if any, and how many wait behind it. */
public record ConversationActivity(Optional<TurnId> runningTurn, int queuedTurns) {

    public ConversationActivity {
        Objects.requireNonNull(runningTurn, "runningTurn");
        if (queuedTurns < 0) {
            throw new IllegalArgumentException("queuedTurns cannot be negative");
        }
    }

    /** Whether a turn is running or waiting. */
    public boolean isBusy() {
        return runningTurn.isPresent() || queuedTurns > 0;
    }
}
