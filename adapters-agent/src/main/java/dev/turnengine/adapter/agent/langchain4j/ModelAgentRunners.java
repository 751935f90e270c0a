package dev.turnengine.adapter.agent.langchain4j;

import dev.turnengine.domain.port.EngineMetrics;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the model-backed agent runner that {@code TURNS_AGENT} and the other {@code TURNS_*} variables describe. */
public final class ModelAgentRunners {

    private ModelAgentRunners() {}

    /**
     * The runner for the provider {@code TURNS_AGENT} names ({@code openai}, {@code anthropic}, {@code ollama}),
     * configured from {@code env}.
     *
     * @throws ModelConfigurationException naming the missing or malformed variable, or the unknown agent
     */
    public static LangChain4jAgentRunner fromEnvironment(Map<String, String> env) {
        return create(ModelAgentConfig.fromEnvironment(env));
    }

    /** The runner for the provider {@code env} names, reporting its model calls to {@code metrics}. */
    public static LangChain4jAgentRunner fromEnvironment(Map<String, String> env, EngineMetrics metrics) {
        return create(ModelAgentConfig.fromEnvironment(env), metrics);
    }

    /** The runner for an already checked configuration. */
    public static LangChain4jAgentRunner create(ModelAgentConfig config) {
        return create(config, EngineMetrics.none());
    }

    /** The runner for an already checked configuration, reporting its model calls to {@code metrics}. */
    public static LangChain4jAgentRunner create(ModelAgentConfig config, EngineMetrics metrics) {
        TurnModelFactory models = switch (config.provider()) {
            case OPENAI -> new OpenAiTurnModels(config);
            case ANTHROPIC -> new AnthropicTurnModels(config);
            case OLLAMA -> new OllamaTurnModels(config);
        };
        return new LangChain4jAgentRunner(models, config.provider().displayName(), config.baseUrl(),
                config.systemPrompt(), config.timeout(), config.toolSteps(), config.provider().agentName(), metrics);
    }

    /** Whether {@code agentName} (a {@code TURNS_AGENT} value) selects a model provider. */
    public static boolean isModelAgent(String agentName) {
        return ModelProvider.byAgentName(agentName).isPresent();
    }

    /** The {@code TURNS_AGENT} values of the model providers, for messages: {@code "openai, anthropic, ollama"}. */
    public static String providerNames() {
        return Arrays.stream(ModelProvider.values()).map(ModelProvider::agentName).collect(Collectors.joining(", "));
    }
}
