package dev.turnengine.embedded.wiring;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageUnavailableException;
import java.time.Clock;
import java.util.Optional;

/** Opens the storage family the configuration names. */
public final class Storages {

    private Storages() {
    }

    /** PostgreSQL at the URL, or fresh in-memory storage when there is none. */
    public static Storage open(Optional<String> databaseUrl) {
        return open(databaseUrl, InMemoryStorage.DEFAULT_ATTACHMENT_BUDGET_BYTES);
    }

    /** As {@link #open(Optional)}, in-memory storage keeping at most {@code attachmentBudgetBytes} of attachments. */
    public static Storage open(Optional<String> databaseUrl, long attachmentBudgetBytes) {
        return databaseUrl.map(Storages::postgres)
                .orElseGet(() -> new InMemoryStorage(Clock.systemUTC(), attachmentBudgetBytes));
    }

    /** A short name for logs. */
    public static String describe(Storage storage) {
        return storage.isDurable() ? "postgresql" : "in-memory";
    }

    private static Storage postgres(String databaseUrl) {
        try {
            return new PostgresStorage(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("TURNS_DATABASE_URL is not a PostgreSQL URL: " + e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            throw new ConfigurationException("the database at TURNS_DATABASE_URL cannot be used: " + e.getMessage(), e);
        }
    }
}
