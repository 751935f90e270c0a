package dev.turnengine.embedded.wiring;

import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnTracing;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine is built from: where it stores, which agent answers by default, the agents an
 * embedding service brings, and the engine's settings.
 *
 * @param databaseUrl PostgreSQL; empty for in-memory storage
 * @param environment variables the model providers read their keys and models from
 * @param customAgents agents supplied in code by an embedding service, by name
 * @param metrics where the engine and its adapters report, for meters (nowhere by default)
 * @param tracing how turns are traced (not at all by default)
 */
public record EngineConfig(
        Optional<String> databaseUrl,
        String defaultAgent,
        Duration echoDelay,
        Map<String, String> environment,
        Map<String, AgentRunner> customAgents,
        EngineSettings settings,
        EngineMetrics metrics,
        TurnTracing tracing) {

    /** A configuration that reports no metrics and traces nothing. */
    public EngineConfig(
            Optional<String> databaseUrl, String defaultAgent, Duration echoDelay, Map<String, String> environment,
            Map<String, AgentRunner> customAgents, EngineSettings settings) {
        this(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings, EngineMetrics.none(),
                TurnTracing.none());
    }

    public EngineConfig {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        Objects.requireNonNull(echoDelay, "echoDelay");
        environment = Map.copyOf(environment);
        customAgents = Map.copyOf(customAgents);
        Objects.requireNonNull(settings, "settings");
    }

    /** This configuration, reporting to {@code value} and tracing with {@code with}. */
    public EngineConfig withTelemetry(EngineMetrics value, TurnTracing with) {
        return new EngineConfig(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings, value, with);
    }
}
