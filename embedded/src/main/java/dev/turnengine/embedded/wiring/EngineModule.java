package dev.turnengine.embedded.wiring;

import dagger.Module;
import dagger.Provides;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.Storage;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Puts the engine together from the chosen storage and agents. */
@Module
public final class EngineModule {

    private EngineModule() {
    }

    @Provides
    @Singleton
    static EnginePorts ports(Storage storage, AgentCatalog agents, EngineConfig config) {
        return EnginePorts.of(storage, agents).withServerTools(config.serverTools())
                .withTelemetry(config.metrics(), config.tracing());
    }

    @Provides
    @Singleton
    static TurnEngine engine(EnginePorts ports, EngineConfig config, Clock clock) {
        return TurnEngine.start(ports, config.settings(), config.lifecycle(), clock);
    }
}
