package dev.turnengine.adapter.agent.langchain4j;

/** A model agent cannot start because its configuration is missing or wrong; the message says which setting. */
public class ModelConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelConfigurationException(String message) {
        super(message);
    }
}
