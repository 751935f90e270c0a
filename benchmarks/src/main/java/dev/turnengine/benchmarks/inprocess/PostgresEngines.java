package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.domain.port.AgentRunner;
import java.util.Map;

/** Composes an engine on PostgreSQL storage. */
final class PostgresEngines {

    private PostgresEngines() {
    }

    static BenchEngines open(String url, String defaultAgent, Map<String, AgentRunner> agents,
            BenchEngines.Factory factory) {
        throw new UnsupportedOperationException("this build has no PostgreSQL storage yet");
    }
}
