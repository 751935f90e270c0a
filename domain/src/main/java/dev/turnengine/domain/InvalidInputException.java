package dev.turnengine.domain;

/**
 * A value a client sent (or could send) broke a rule the domain declares, such as a malformed
 * idempotency key or a blank message. Edges map this, and only this, kind of refusal to a client error;
 * any other {@link IllegalArgumentException} is a bug.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
