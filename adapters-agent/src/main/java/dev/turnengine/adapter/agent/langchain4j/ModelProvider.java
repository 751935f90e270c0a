package dev.turnengine.adapter.agent.langchain4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The model providers a turn can be answered by, named as in {@code TURNS_AGENT}. */
public enum ModelProvider {
    OPENAI("openai", "OpenAI-compatible server"),
    ANTHROPIC("anthropic", "Anthropic API"),
    OLLAMA("ollama", "Ollama server");

    private final String agentName;
    private final String displayName;

    ModelProvider(String agentName, String displayName) {
        this.agentName = agentName;
        this.displayName = displayName;
    }

    /** The value of {@code TURNS_AGENT} that selects this provider. */
    public String agentName() {
        return agentName;
    }

    /** How messages to people name this provider. */
    public String displayName() {
        return displayName;
    }

    /** The provider an agent name selects, ignoring case. */
    public static Optional<ModelProvider> byAgentName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.agentName.equals(wanted)).findFirst();
    }
}
