package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import java.time.Clock;
import java.util.Map;

/** Composes an engine on PostgreSQL storage, as the server's storage module does. */
final class PostgresEngines {

    private PostgresEngines() {
    }

    static BenchEngines open(String url, String defaultAgent, Map<String, AgentRunner> agents,
            BenchEngines.Factory factory) {
        PostgresStorage storage = new PostgresStorage(url);
        try {
            EnginePorts ports = EnginePorts.of(storage, AgentCatalog.of(defaultAgent, agents));
            return factory.create(TurnEngine.start(ports, EngineSettings.defaults(), Clock.systemUTC()), storage);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }
}
