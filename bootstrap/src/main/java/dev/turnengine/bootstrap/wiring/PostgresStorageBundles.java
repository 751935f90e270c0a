package dev.turnengine.bootstrap.wiring;

import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.domain.port.StorageUnavailableException;

/** Opens PostgreSQL storage as a bundle. */
final class PostgresStorageBundles {

    private PostgresStorageBundles() {
    }

    static StorageBundle open(String databaseUrl) {
        PostgresStorage storage;
        try {
            storage = new PostgresStorage(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("TURNS_DATABASE_URL is not a PostgreSQL URL: " + e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            throw new ConfigurationException("the database at TURNS_DATABASE_URL cannot be used: " + e.getMessage(), e);
        }
        return new StorageBundle("postgresql", storage.conversations(), storage.turns(), storage.journal(),
                storage.idempotency(), storage.tokens(), storage.presence(), storage.interrupts(), storage.health(),
                storage);
    }
}
