package dev.turnengine.embedded.wiring;

import dagger.Module;
import dagger.Provides;
import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** Chooses the agents: echo always, those an embedding service brings, and the configured model provider. */
@Module
public final class AgentModule {

    /** The agent that streams the user's text back. */
    public static final String ECHO = "echo";

    private AgentModule() {
    }

    @Provides
    @Singleton
    public static AgentCatalog agents(EngineConfig config) {
        Map<String, AgentRunner> runners = new LinkedHashMap<>();
        runners.put(ECHO, new EchoAgentRunner(config.echoDelay()));
        runners.putAll(config.customAgents());
        if (!runners.containsKey(config.defaultAgent())) {
            runners.put(config.defaultAgent(), ModelAgents.create(config.defaultAgent(), config.environment(),
                    config.metrics()));
        }
        return AgentCatalog.of(config.defaultAgent(), runners);
    }
}
