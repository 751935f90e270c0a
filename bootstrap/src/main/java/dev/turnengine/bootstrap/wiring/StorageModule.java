package dev.turnengine.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;

/** Chooses the storage adapter: PostgreSQL when a database URL is configured, in-memory otherwise. */
@Module
public final class StorageModule {

    private StorageModule() {
    }

    @Provides
    @Singleton
    static StorageBundle storage(EngineConfig config) {
        return StorageBundle.open(config.databaseUrl());
    }
}
