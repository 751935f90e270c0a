package dev.turnengine.adapter.persistence.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node uses its database: the most connections its pool opens, and how long a looked-up access token
 * is trusted before it is looked up again (a token revoked on another node still works here that long).
 *
 * @param poolSize connections in the pool, at least 2 (the journal writers and the requests share it)
 * @param tokenCacheTtl how long a token's tenant is remembered; zero looks every token up every time
 */
public record PostgresOptions(int poolSize, Duration tokenCacheTtl) {

    /** Pool connections unless configured: several nodes still fit PostgreSQL's default of 100 connections. */
    public static final int DEFAULT_POOL_SIZE = 20;
    /** How long a token lookup is trusted unless configured. */
    public static final Duration DEFAULT_TOKEN_CACHE_TTL = Duration.ofSeconds(5);

    public PostgresOptions {
        if (poolSize < 2 || poolSize > 1_000) {
            throw new IllegalArgumentException("the pool size must be from 2 to 1000, not " + poolSize);
        }
        Objects.requireNonNull(tokenCacheTtl, "tokenCacheTtl");
        if (tokenCacheTtl.isNegative()) {
            throw new IllegalArgumentException("the token cache time cannot be negative");
        }
    }

    /** The defaults. */
    public static PostgresOptions defaults() {
        return new PostgresOptions(DEFAULT_POOL_SIZE, DEFAULT_TOKEN_CACHE_TTL);
    }
}
