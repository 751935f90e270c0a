package dev.turnengine.embedded.wiring;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.LifecycleSettings;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param maxStoredAttachmentBytes in-memory storage only: attachment bytes kept for turns that have not ended
 * @param lifecycle retention and webhook delivery
 * @param serverTools tools that run inside the engine (an embedder's Java tools, MCP servers'), offered in order
 */
public record EngineConfig(
        Optional<String> databaseUrl,
        String defaultAgent,
        Duration echoDelay,
        Map<String, String> environment,
        Map<String, AgentRunner> customAgents,
        EngineSettings settings,
        long maxStoredAttachmentBytes,
        LifecycleSettings lifecycle,
        List<ServerTools> serverTools,
        EngineMetrics metrics,
        TurnTracing tracing) {

    public EngineConfig {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        Objects.requireNonNull(echoDelay, "echoDelay");
        environment = Map.copyOf(environment);
        customAgents = Map.copyOf(customAgents);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(lifecycle, "lifecycle");
        if (maxStoredAttachmentBytes < 0) {
            throw new IllegalArgumentException("maxStoredAttachmentBytes cannot be negative");
        }
        serverTools = List.copyOf(serverTools);
    }

    /** A configuration with in-memory storage's default attachment budget, default retention (keep everything) and webhook delivery. */
    public EngineConfig(
            Optional<String> databaseUrl, String defaultAgent, Duration echoDelay, Map<String, String> environment,
            Map<String, AgentRunner> customAgents, EngineSettings settings) {
        this(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings,
                InMemoryStorage.DEFAULT_ATTACHMENT_BUDGET_BYTES, LifecycleSettings.defaults(), List.of(), EngineMetrics.none(), TurnTracing.none());
    }

    /** A configuration with default retention and webhook delivery, offering no server tools. */
    public EngineConfig(
            Optional<String> databaseUrl, String defaultAgent, Duration echoDelay, Map<String, String> environment,
            Map<String, AgentRunner> customAgents, EngineSettings settings, long maxStoredAttachmentBytes) {
        this(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings, maxStoredAttachmentBytes,
                LifecycleSettings.defaults(), List.of(), EngineMetrics.none(), TurnTracing.none());
    }

    /** The same configuration offering {@code tools} as well, after those it has. */
    public EngineConfig withServerTools(List<ServerTools> tools) {
        List<ServerTools> all = new ArrayList<>(serverTools);
        all.addAll(tools);
        return new EngineConfig(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings,
                maxStoredAttachmentBytes, lifecycle, all, metrics, tracing);
    }

    /** A configuration that offers no server tools, reports no metrics and traces nothing. */
    public EngineConfig(
            Optional<String> databaseUrl, String defaultAgent, Duration echoDelay, Map<String, String> environment,
            Map<String, AgentRunner> customAgents, EngineSettings settings, long maxStoredAttachmentBytes,
            LifecycleSettings lifecycle) {
        this(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings, maxStoredAttachmentBytes,
                lifecycle, List.of(), EngineMetrics.none(), TurnTracing.none());
    }

    /** This configuration, reporting to {@code value} and tracing with {@code with}. */
    public EngineConfig withTelemetry(EngineMetrics value, TurnTracing with) {
        return new EngineConfig(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings,
                maxStoredAttachmentBytes, lifecycle, serverTools, value, with);
    }
}
