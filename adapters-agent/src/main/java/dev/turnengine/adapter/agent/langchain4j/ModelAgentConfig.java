package dev.turnengine.adapter.agent.langchain4j;

import dev.turnengine.domain.agent.ToolStepLimit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to reach the model that answers turns, read from {@code TURNS_*} environment variables.
 *
 * @param baseUrl the provider's API root, without a trailing slash
 * @param apiKey absent only where the provider needs none (Ollama, a self-hosted OpenAI-compatible server)
 * @param systemPrompt sent first in every conversation
 * @param maxOutputTokens the per-turn output limit; absent leaves the provider's default (Anthropic: 4096)
 * @param timeout how long the model may stay silent — no connection, no byte — before the turn fails
 * @param toolSteps how many model calls a turn may make while it calls tools ({@code TURNS_MAX_TOOL_STEPS})
 */
public record ModelAgentConfig(
        ModelProvider provider,
        String baseUrl,
        Optional<String> apiKey,
        String model,
        Optional<String> systemPrompt,
        OptionalInt maxOutputTokens,
        Duration timeout,
        ToolStepLimit toolSteps) {

    /** The public OpenAI endpoint, the default of {@code TURNS_OPENAI_BASE_URL}. */
    public static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** The public Anthropic endpoint, the default of {@code TURNS_ANTHROPIC_BASE_URL}. */
    public static final String ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
    /** A local Ollama, the default of {@code TURNS_OLLAMA_BASE_URL}. */
    public static final String OLLAMA_DEFAULT_BASE_URL = "http://localhost:11434";
    /** The default of {@code TURNS_MODEL_TIMEOUT_SECONDS}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public ModelAgentConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(toolSteps, "toolSteps");
        baseUrl = requireHttpUrl(Objects.requireNonNull(baseUrl, "baseUrl"), "the base URL");
        if (Objects.requireNonNull(model, "model").isBlank()) {
            throw new ModelConfigurationException("the model name must not be blank");
        }
        if (maxOutputTokens.isPresent() && maxOutputTokens.getAsInt() <= 0) {
            throw new ModelConfigurationException("the output token limit must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ModelConfigurationException("the model timeout must be positive");
        }
    }

    /** A configuration with the default tool step limit. */
    public ModelAgentConfig(
            ModelProvider provider,
            String baseUrl,
            Optional<String> apiKey,
            String model,
            Optional<String> systemPrompt,
            OptionalInt maxOutputTokens,
            Duration timeout) {
        this(provider, baseUrl, apiKey, model, systemPrompt, maxOutputTokens, timeout, ToolStepLimit.DEFAULT);
    }

    /**
     * Reads the configuration of the provider {@code TURNS_AGENT} names, failing with a one-line message that
     * names the missing or malformed variable.
     */
    public static ModelAgentConfig fromEnvironment(Map<String, String> env) {
        String agent = value(env, "TURNS_AGENT").orElseThrow(() -> new ModelConfigurationException(
                "TURNS_AGENT must name a model provider: " + ModelAgentRunners.providerNames()));
        ModelProvider provider = ModelProvider.byAgentName(agent).orElseThrow(() -> new ModelConfigurationException(
                "unknown TURNS_AGENT '" + agent + "'; model providers are " + ModelAgentRunners.providerNames()));
        String prefix = "TURNS_" + provider.agentName().toUpperCase(Locale.ROOT) + "_";
        String baseUrlVariable = prefix + "BASE_URL";
        String baseUrl =
                requireHttpUrl(value(env, baseUrlVariable).orElse(defaultBaseUrl(provider)), baseUrlVariable);
        Optional<String> apiKey = value(env, prefix + "API_KEY");
        if (apiKey.isEmpty() && needsApiKey(provider, baseUrl)) {
            throw new ModelConfigurationException(prefix + "API_KEY is required when TURNS_AGENT=" + provider.agentName()
                    + (provider == ModelProvider.OPENAI ? " and " + baseUrlVariable + " is the public endpoint" : ""));
        }
        String model = value(env, prefix + "MODEL").orElseThrow(() -> new ModelConfigurationException(
                prefix + "MODEL is required when TURNS_AGENT=" + provider.agentName()));
        OptionalInt maxOutputTokens = positiveInt(env, "TURNS_MAX_OUTPUT_TOKENS");
        Duration timeout = positiveInt(env, "TURNS_MODEL_TIMEOUT_SECONDS")
                .stream()
                .mapToObj(Duration::ofSeconds)
                .findFirst()
                .orElse(DEFAULT_TIMEOUT);
        ToolStepLimit toolSteps = positiveInt(env, "TURNS_MAX_TOOL_STEPS")
                .stream()
                .mapToObj(ToolStepLimit::new)
                .findFirst()
                .orElse(ToolStepLimit.DEFAULT);
        return new ModelAgentConfig(
                provider,
                baseUrl,
                apiKey,
                model,
                value(env, "TURNS_SYSTEM_PROMPT"),
                maxOutputTokens,
                timeout,
                toolSteps);
    }

    /** Like the record's own, but never shows the API key. */
    @Override
    public String toString() {
        return "ModelAgentConfig[provider=" + provider.agentName() + ", baseUrl=" + baseUrl + ", apiKey="
                + apiKey.map(k -> "(set)").orElse("(none)") + ", model=" + model + ", systemPrompt="
                + systemPrompt.map(p -> "(set)").orElse("(none)") + ", maxOutputTokens=" + maxOutputTokens
                + ", timeout=" + timeout + ", toolSteps=" + toolSteps.maxModelCalls() + "]";
    }

    private static String defaultBaseUrl(ModelProvider provider) {
        return switch (provider) {
            case OPENAI -> OPENAI_DEFAULT_BASE_URL;
            case ANTHROPIC -> ANTHROPIC_DEFAULT_BASE_URL;
            case OLLAMA -> OLLAMA_DEFAULT_BASE_URL;
        };
    }

    /** Self-hosted OpenAI-compatible servers (llama.cpp, LM Studio, vLLM …) often take no key; OpenAI itself does. */
    private static boolean needsApiKey(ModelProvider provider, String baseUrl) {
        return switch (provider) {
            case OPENAI -> baseUrl.equals(OPENAI_DEFAULT_BASE_URL);
            case ANTHROPIC -> true;
            case OLLAMA -> false;
        };
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static OptionalInt positiveInt(Map<String, String> env, String name) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int number = Integer.parseInt(text.get());
            if (number > 0) {
                return OptionalInt.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw new ModelConfigurationException(name + " must be a positive whole number, not '" + text.get() + "'");
    }

    private static String requireHttpUrl(String url, String what) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return stripTrailingSlashes(url);
            }
        } catch (URISyntaxException e) {
            // reported below, with the variable's name
        }
        throw new ModelConfigurationException(what + " must be an http:// or https:// URL, not '" + url + "'");
    }

    private static String stripTrailingSlashes(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
