package dev.turnengine.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.agent.langchain4j.ModelAgentConfig;
import dev.turnengine.adapter.agent.langchain4j.ModelProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The list of settings names exactly what the model providers read, and warns about what it does not name. */
class SettingTest {

    private final Set<Setting> used = new HashSet<>();

    @Test
    void givenEveryModelProviderSetting_whenProvidersRead_thenEachNameIsTheOneTheyUse() {
        ModelAgentConfig openai = ModelAgentConfig.fromEnvironment(env("openai",
                Setting.OPENAI_BASE_URL, "http://models.test:8000/v1", Setting.OPENAI_API_KEY, "sk-test",
                Setting.OPENAI_MODEL, "gpt-test"));
        ModelAgentConfig anthropic = ModelAgentConfig.fromEnvironment(env("anthropic",
                Setting.ANTHROPIC_BASE_URL, "http://anthropic.test/v1", Setting.ANTHROPIC_API_KEY, "ak-test",
                Setting.ANTHROPIC_MODEL, "claude-test"));
        ModelAgentConfig ollama = ModelAgentConfig.fromEnvironment(env("ollama",
                Setting.OLLAMA_BASE_URL, "http://ollama.test:11434", Setting.OLLAMA_MODEL, "llama-test"));

        assertThat(openai.provider()).isEqualTo(ModelProvider.OPENAI);
        assertThat(openai.baseUrl()).isEqualTo("http://models.test:8000/v1");
        assertThat(openai.apiKey()).contains("sk-test");
        assertThat(openai.model()).isEqualTo("gpt-test");
        assertThat(anthropic.baseUrl()).isEqualTo("http://anthropic.test/v1");
        assertThat(anthropic.apiKey()).contains("ak-test");
        assertThat(anthropic.model()).isEqualTo("claude-test");
        assertThat(ollama.baseUrl()).isEqualTo("http://ollama.test:11434");
        assertThat(ollama.model()).isEqualTo("llama-test");
        for (ModelAgentConfig config : new ModelAgentConfig[] {openai, anthropic, ollama}) {
            assertThat(config.systemPrompt()).contains("be brief");
            assertThat(config.maxOutputTokens()).hasValue(77);
            assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(9));
        }
        assertThat(used).as("every model-provider setting was read above")
                .containsAll(Arrays.stream(Setting.values()).filter(Setting::isModelProvider).toList());
    }

    @Test
    void givenDefaultsOfTheModelProviderSettings_whenListed_thenTheyAreTheProvidersOwn() {
        ModelAgentConfig ollama = ModelAgentConfig.fromEnvironment(Map.of(
                Setting.AGENT.variable(), "ollama", Setting.OLLAMA_MODEL.variable(), "m"));

        assertThat(ollama.baseUrl()).isEqualTo(Setting.OLLAMA_BASE_URL.defaultValue());
        assertThat(ollama.timeout()).isEqualTo(Duration.ofSeconds(Long.parseLong(
                Setting.MODEL_TIMEOUT_SECONDS.defaultValue())));
    }

    @Test
    void givenMisspelledVariable_whenChecked_thenWarnsNamingTheClosestSetting() {
        assertThat(MisspelledVariables.warnings(Map.of("TURNS_AGNET", "openai")))
                .containsExactly("TURNS_AGNET is not a setting and is ignored; did you mean TURNS_AGENT?");
        assertThat(MisspelledVariables.warnings(Map.of("TURNS_OPENAI_MODLE", "x", "turns_http_port", "1")))
                .containsExactly(
                        "TURNS_OPENAI_MODLE is not a setting and is ignored; did you mean TURNS_OPENAI_MODEL?",
                        "turns_http_port is not a setting and is ignored; did you mean TURNS_HTTP_PORT?");
    }

    @Test
    void givenKnownOrForeignVariables_whenChecked_thenNoWarning() {
        Map<String, String> env = new HashMap<>();
        Setting.variables().forEach(variable -> env.put(variable, "x"));
        Setting.TOOLING_VARIABLES.forEach(variable -> env.put(variable, "x"));
        env.put("TURNS", "http://localhost:8080");
        env.put("PATH", "/usr/bin");

        assertThat(MisspelledVariables.warnings(env)).isEmpty();
    }

    @Test
    void givenUnknownVariableFarFromEverySetting_whenChecked_thenWarnsWithoutGuessing() {
        assertThat(MisspelledVariables.warnings(Map.of("TURNS_COMPLETELY_DIFFERENT", "x")))
                .singleElement().asString()
                .startsWith("TURNS_COMPLETELY_DIFFERENT is not a setting and is ignored (--help lists the settings")
                .doesNotContain("did you mean");
    }

    @Test
    void givenTwoNames_whenMeasured_thenEditDistance() {
        assertThat(MisspelledVariables.distance("TURNS_AGNET", "TURNS_AGENT")).isEqualTo(2);
        assertThat(MisspelledVariables.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(MisspelledVariables.distance("", "abc")).isEqualTo(3);
        assertThat(MisspelledVariables.distance("same", "same")).isZero();
    }

    /** {@code TURNS_AGENT=agent}, the shared model settings and {@code pairs} (setting, value, …). */
    private Map<String, String> env(String agent, Object... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.AGENT.variable(), agent);
        put(env, Setting.SYSTEM_PROMPT, "be brief");
        put(env, Setting.MAX_OUTPUT_TOKENS, "77");
        put(env, Setting.MODEL_TIMEOUT_SECONDS, "9");
        for (int i = 0; i < pairs.length; i += 2) {
            put(env, (Setting) pairs[i], (String) pairs[i + 1]);
        }
        return env;
    }

    private void put(Map<String, String> env, Setting setting, String value) {
        used.add(setting);
        env.put(setting.variable(), value);
    }
}
