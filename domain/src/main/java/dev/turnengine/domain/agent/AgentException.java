package dev.turnengine.domain.agent;

import java.util.Objects;

/**
 * An agent's failure with a code a user can act on ({@code model_auth_failed}, {@code model_rate_limited} …).
 * Any other exception from an agent is reported as {@code agent_error}.
 */
public class AgentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public AgentException(String code, String message) {
        this(code, message, null);
    }

    public AgentException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable machine-readable reason. */
    public String code() {
        return code;
    }
}
