package dev.turnengine.domain.turn;

import java.util.Objects;

/**
 * Why a turn failed or was cut short: a stable machine-readable code and a message for people.
 * Every code the engine itself writes is a constant here; agent runners add their own.
 */
public record TurnError(String code, String message) {

    public static final String AGENT_ERROR = "agent_error";
    public static final String AGENT_UNAVAILABLE = "agent_unavailable";
    public static final String TIMEOUT = "timeout";
    public static final String SHUTDOWN = "shutdown";
    public static final String ABANDONED = "abandoned";
    public static final String STORAGE_ERROR = "storage_error";
    public static final String CONVERSATION_DELETED = "conversation_deleted";

    public TurnError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (code.isBlank()) {
            throw new IllegalArgumentException("an error code must not be blank");
        }
    }
}
