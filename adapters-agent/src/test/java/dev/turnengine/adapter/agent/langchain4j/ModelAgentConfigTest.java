package dev.turnengine.adapter.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelAgentConfigTest {

    @Test
    void givenOpenAiWithKeyAndModel_whenRead_thenDefaultsFillTheRest() {
        ModelAgentConfig config = ModelAgentConfig.fromEnvironment(Map.of(
                "TURNS_AGENT", "openai", "TURNS_OPENAI_API_KEY", "sk-1", "TURNS_OPENAI_MODEL", "gpt-4o-mini"));

        assertThat(config.provider()).isEqualTo(ModelProvider.OPENAI);
        assertThat(config.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(config.apiKey()).contains("sk-1");
        assertThat(config.model()).isEqualTo("gpt-4o-mini");
        assertThat(config.systemPrompt()).isEmpty();
        assertThat(config.maxOutputTokens()).isEmpty();
        assertThat(config.timeout()).isEqualTo(ModelAgentConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void givenEveryVariable_whenRead_thenEachIsUsed() {
        ModelAgentConfig config = ModelAgentConfig.fromEnvironment(Map.of(
                "TURNS_AGENT", "Anthropic",
                "TURNS_ANTHROPIC_API_KEY", "sk-ant",
                "TURNS_ANTHROPIC_MODEL", "claude-x",
                "TURNS_ANTHROPIC_BASE_URL", "http://127.0.0.1:9000/v1/",
                "TURNS_SYSTEM_PROMPT", "Be kind.",
                "TURNS_MAX_OUTPUT_TOKENS", "512",
                "TURNS_MODEL_TIMEOUT_SECONDS", "30"));

        assertThat(config).isEqualTo(new ModelAgentConfig(ModelProvider.ANTHROPIC, "http://127.0.0.1:9000/v1",
                Optional.of("sk-ant"), "claude-x", Optional.of("Be kind."), OptionalInt.of(512), Duration.ofSeconds(30)));
    }

    @Test
    void givenOllamaWithOnlyAModel_whenRead_thenItUsesTheLocalServerAndNoKey() {
        ModelAgentConfig config = ModelAgentConfig.fromEnvironment(Map.of("TURNS_AGENT", "ollama", "TURNS_OLLAMA_MODEL", "llama3.2"));

        assertThat(config.baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(config.apiKey()).isEmpty();
    }

    @Test
    void givenASelfHostedOpenAiCompatibleServer_whenReadWithoutKey_thenNoKeyIsNeeded() {
        ModelAgentConfig config = ModelAgentConfig.fromEnvironment(Map.of(
                "TURNS_AGENT", "openai", "TURNS_OPENAI_BASE_URL", "http://localhost:8000/v1", "TURNS_OPENAI_MODEL", "qwen"));

        assertThat(config.apiKey()).isEmpty();
    }

    @Test
    void givenThePublicOpenAiEndpointWithoutKey_whenRead_thenTheMessageNamesTheKeyVariable() {
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(Map.of("TURNS_AGENT", "openai", "TURNS_OPENAI_MODEL", "gpt")))
                .isInstanceOf(ModelConfigurationException.class)
                .hasMessageStartingWith("TURNS_OPENAI_API_KEY is required when TURNS_AGENT=openai")
                .hasMessageNotContaining("\n");
    }

    @Test
    void givenAnthropicWithoutKey_whenRead_thenTheMessageNamesTheKeyVariable() {
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(Map.of("TURNS_AGENT", "anthropic", "TURNS_ANTHROPIC_MODEL", "c")))
                .hasMessage("TURNS_ANTHROPIC_API_KEY is required when TURNS_AGENT=anthropic");
    }

    @Test
    void givenNoModel_whenRead_thenTheMessageNamesTheModelVariable() {
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(Map.of("TURNS_AGENT", "ollama", "TURNS_OLLAMA_MODEL", "  ")))
                .hasMessage("TURNS_OLLAMA_MODEL is required when TURNS_AGENT=ollama");
    }

    @Test
    void givenAnUnknownAgent_whenRead_thenTheMessageNamesItAndTheChoices() {
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(Map.of("TURNS_AGENT", "gemini")))
                .isInstanceOf(ModelConfigurationException.class)
                .hasMessage("unknown TURNS_AGENT 'gemini'; model providers are openai, anthropic, ollama");
    }

    @Test
    void givenAToolStepLimitOrNone_whenRead_thenItOrTheDefaultIsUsedAndANonPositiveOneIsNamed() {
        Map<String, String> base = Map.of("TURNS_AGENT", "ollama", "TURNS_OLLAMA_MODEL", "llama3.2");

        assertThat(ModelAgentConfig.fromEnvironment(base).toolSteps().maxModelCalls()).isEqualTo(25);
        assertThat(ModelAgentConfig.fromEnvironment(with(base, "TURNS_MAX_TOOL_STEPS", "3")).toolSteps().maxModelCalls())
                .isEqualTo(3);
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(with(base, "TURNS_MAX_TOOL_STEPS", "0")))
                .hasMessageStartingWith("TURNS_MAX_TOOL_STEPS");
    }

    @Test
    void givenNoAgent_whenRead_thenTheMessageNamesTheVariable() {
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(Map.of())).hasMessageStartingWith("TURNS_AGENT");
    }

    @Test
    void givenAMalformedNumberOrUrl_whenRead_thenTheMessageNamesTheVariable() {
        Map<String, String> base = Map.of("TURNS_AGENT", "ollama", "TURNS_OLLAMA_MODEL", "m");

        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(with(base, "TURNS_MAX_OUTPUT_TOKENS", "lots")))
                .hasMessage("TURNS_MAX_OUTPUT_TOKENS must be a positive whole number, not 'lots'");
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(with(base, "TURNS_MODEL_TIMEOUT_SECONDS", "0")))
                .hasMessageStartingWith("TURNS_MODEL_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> ModelAgentConfig.fromEnvironment(with(base, "TURNS_OLLAMA_BASE_URL", "localhost:11434")))
                .hasMessageStartingWith("TURNS_OLLAMA_BASE_URL must be an http:// or https:// URL");
    }

    @Test
    void givenAKey_whenPrinted_thenTheKeyIsNotShown() {
        ModelAgentConfig config = ModelAgentConfig.fromEnvironment(Map.of(
                "TURNS_AGENT", "openai", "TURNS_OPENAI_API_KEY", "sk-secret-123", "TURNS_OPENAI_MODEL", "gpt"));

        assertThat(config.toString()).doesNotContain("sk-secret-123").contains("apiKey=(set)");
    }

    @Test
    void givenAgentNames_whenAsked_thenOnlyProvidersAreModelAgents() {
        assertThat(ModelAgentRunners.isModelAgent("OpenAI")).isTrue();
        assertThat(ModelAgentRunners.isModelAgent("echo")).isFalse();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
