package dev.turnengine.embedded.wiring;

/** The configuration cannot make a working engine; the message is one line naming what to fix. */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
