package dev.turnengine.embedded.wiring;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.LifecycleSettings;
import dev.turnengine.domain.port.AgentRunner;
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
 * @param maxStoredAttachmentBytes in-memory storage only: attachment bytes kept for turns that have not ended
 * @param lifecycle retention and webhook delivery
 */
public record EngineConfig(
        Optional<String> databaseUrl,
        String defaultAgent,
        Duration echoDelay,
        Map<String, String> environment,
        Map<String, AgentRunner> customAgents,
        EngineSettings settings,
        long maxStoredAttachmentBytes,
        LifecycleSettings lifecycle) {

    public EngineConfig {
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
    }

    /** A configuration with in-memory storage's default attachment budget, default retention (keep everything) and webhook delivery. */
    public EngineConfig(
            Optional<String> databaseUrl, String defaultAgent, Duration echoDelay, Map<String, String> environment,
            Map<String, AgentRunner> customAgents, EngineSettings settings) {
        this(databaseUrl, defaultAgent, echoDelay, environment, customAgents, settings,
                InMemoryStorage.DEFAULT_ATTACHMENT_BUDGET_BYTES, LifecycleSettings.defaults());
    }
}
