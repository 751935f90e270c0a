package dev.turnengine.adapter.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turnengine.domain.port.StorageUnavailableException;
import org.flywaydb.core.Flyway;

/** The engine's connection pool on one database, and the migration of its schema with Flyway. */
final class PostgresPool {

    private PostgresPool() {
    }

    /**
     * A pool of at most {@code poolSize} connections named {@code applicationName}, failing fast when the database
     * is gone.
     */
    static HikariDataSource open(DatabaseUrl url, String applicationName, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("turn-engine");
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(2); // several nodes may share one server: do not hold connections idle
        // Fail fast when the database is gone: callers answer 503 and retry, they do not queue up.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(2_000);
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", applicationName);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("could not connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /** Brings {@code schema} to the newest migration (creating it first), before anything uses it. */
    static void migrate(HikariDataSource pool, String schema) {
        Flyway.configure()
                .dataSource(pool)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
