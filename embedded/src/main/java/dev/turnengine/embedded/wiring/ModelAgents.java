package dev.turnengine.embedded.wiring;

import dev.turnengine.adapter.agent.langchain4j.ModelAgentRunners;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.EngineMetrics;
import java.util.Map;

/** Builds the model-backed agent named by TURNS_AGENT from the environment. */
final class ModelAgents {

    private ModelAgents() {
    }

    static AgentRunner create(String name, Map<String, String> environment, EngineMetrics metrics) {
        if (!ModelAgentRunners.isModelAgent(name)) {
            throw new ConfigurationException("unknown TURNS_AGENT '" + name + "'; use echo or one of the model "
                    + "providers: " + ModelAgentRunners.providerNames());
        }
        try {
            return ModelAgentRunners.fromEnvironment(environment, metrics);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
