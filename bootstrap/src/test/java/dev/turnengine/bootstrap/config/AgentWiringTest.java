package dev.turnengine.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.adapter.agent.langchain4j.LangChain4jAgentRunner;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.embedded.wiring.AgentModule;
import dev.turnengine.embedded.wiring.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server configuration builds the agent catalog it names. */
class AgentWiringTest {

    private static AgentCatalog catalog(Map<String, String> env) {
        return AgentModule.agents(ServerConfig.fromEnvironment(env).engine());
    }

    @Test
    void givenNoAgentConfigured_whenWired_thenEchoIsTheDefault() {
        AgentCatalog agents = catalog(Map.of());

        assertThat(agents.defaultAgent()).isEqualTo("echo");
        assertThat(agents.find("echo")).isPresent();
    }

    @Test
    void givenModelProviderWithItsSettings_whenWired_thenItIsTheDefaultAndEchoStaysAvailable() {
        AgentCatalog agents = catalog(Map.of("TURNS_AGENT", "ollama", "TURNS_OLLAMA_MODEL", "llama3.2"));

        assertThat(agents.defaultAgent()).isEqualTo("ollama");
        assertThat(agents.find("ollama").orElseThrow()).isInstanceOf(LangChain4jAgentRunner.class);
        assertThat(agents.find("echo")).isPresent();
    }

    @Test
    void givenModelProviderMissingASetting_whenWired_thenOneLineNamesTheVariable() {
        assertThatThrownBy(() -> catalog(Map.of("TURNS_AGENT", "openai")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TURNS_OPENAI_API_KEY").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> catalog(Map.of("TURNS_AGENT", "openai", "TURNS_OPENAI_API_KEY", "sk-test")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TURNS_OPENAI_MODEL");
        assertThatThrownBy(() -> catalog(Map.of("TURNS_AGENT", "anthropic", "TURNS_ANTHROPIC_MODEL", "claude")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TURNS_ANTHROPIC_API_KEY");
    }

    @Test
    void givenUnknownAgent_whenWired_thenRefusedListingTheChoices() {
        assertThatThrownBy(() -> catalog(Map.of("TURNS_AGENT", "gemini")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TURNS_AGENT 'gemini'").hasMessageContaining("openai");
    }
}
