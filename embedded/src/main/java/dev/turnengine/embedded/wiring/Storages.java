package dev.turnengine.embedded.wiring;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.adapter.persistence.postgres.PostgresOptions;
import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Opens the storage family the configuration names. */
public final class Storages {

    private Storages() {
    }

    /** The variable that sizes the PostgreSQL connection pool. */
    public static final String POOL_SIZE_VARIABLE = "TURNS_DATABASE_POOL_SIZE";
    /** The variable that says how many seconds a looked-up access token is trusted. */
    public static final String TOKEN_CACHE_VARIABLE = "TURNS_TOKEN_CACHE_SECONDS";

    /** PostgreSQL at the URL, or fresh in-memory storage when there is none. */
    public static Storage open(Optional<String> databaseUrl) {
        return open(databaseUrl, InMemoryStorage.DEFAULT_ATTACHMENT_BUDGET_BYTES);
    }

    /** As {@link #open(Optional)}, in-memory storage keeping at most {@code attachmentBudgetBytes} of attachments. */
    public static Storage open(Optional<String> databaseUrl, long attachmentBudgetBytes) {
        return open(databaseUrl, attachmentBudgetBytes, Map.of());
    }

    /** As {@link #open(Optional, long)}, with PostgreSQL's options read from {@code environment} (defaults when unset). */
    public static Storage open(Optional<String> databaseUrl, long attachmentBudgetBytes,
            Map<String, String> environment) {
        return databaseUrl.map(url -> postgres(url, postgresOptions(environment)))
                .orElseGet(() -> new InMemoryStorage(Clock.systemUTC(), attachmentBudgetBytes));
    }

    /** PostgreSQL's options from {@code environment}; a bad value throws a {@link ConfigurationException} naming it. */
    public static PostgresOptions postgresOptions(Map<String, String> environment) {
        int poolSize = number(environment, POOL_SIZE_VARIABLE, PostgresOptions.DEFAULT_POOL_SIZE, 2, 1_000);
        int cacheSeconds = number(environment, TOKEN_CACHE_VARIABLE,
                (int) PostgresOptions.DEFAULT_TOKEN_CACHE_TTL.toSeconds(), 0, 3_600);
        return new PostgresOptions(poolSize, Duration.ofSeconds(cacheSeconds));
    }

    private static int number(Map<String, String> environment, String variable, int fallback, int min, int max) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(variable + " must be a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }

    /** A short name for logs. */
    public static String describe(Storage storage) {
        return storage.isDurable() ? "postgresql" : "in-memory";
    }

    private static Storage postgres(String databaseUrl, PostgresOptions options) {
        try {
            return new PostgresStorage(databaseUrl, options);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("TURNS_DATABASE_URL is not a PostgreSQL URL: " + e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            throw new ConfigurationException("the database at TURNS_DATABASE_URL cannot be used: " + e.getMessage(), e);
        }
    }
}
