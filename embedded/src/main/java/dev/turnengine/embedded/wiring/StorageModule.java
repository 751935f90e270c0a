package dev.turnengine.embedded.wiring;

import dagger.Module;
import dagger.Provides;
import dev.turnengine.domain.port.Storage;
import jakarta.inject.Singleton;

/** Chooses the storage adapter: PostgreSQL when a database URL is configured, in-memory otherwise. */
@Module
public final class StorageModule {

    private StorageModule() {
    }

    @Provides
    @Singleton
    static Storage storage(EngineConfig config) {
        return Storages.open(config.databaseUrl(), config.maxStoredAttachmentBytes(), config.environment());
    }
}
