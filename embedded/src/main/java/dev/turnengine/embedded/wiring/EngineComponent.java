package dev.turnengine.embedded.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.domain.port.Storage;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one place that knows every adapter: builds a running engine from its configuration. */
@Singleton
@Component(modules = {StorageModule.class, AgentModule.class, EngineModule.class})
public interface EngineComponent {

    /** The started engine. */
    TurnEngine engine();

    /** The storage the engine runs on; close it after the engine. */
    Storage storage();

    /** Creates the component. */
    @Component.Factory
    interface Factory {
        EngineComponent create(@BindsInstance EngineConfig config, @BindsInstance Clock clock);
    }

    /** Builds and starts an engine. */
    static EngineComponent build(EngineConfig config, Clock clock) {
        return DaggerEngineComponent.factory().create(config, clock);
    }
}
