package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AccessTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Access tokens in PostgreSQL, by hash. A revoked token stays revoked: registering it again does not bring
 * it back, and a token registered for one tenant cannot be registered for another.
 *
 * <p>A valid token's tenant is remembered for a short time ({@link PostgresOptions#tokenCacheTtl()}), so that
 * requests do not each look it up: a token revoked on this node stops working at once, one revoked on another
 * node (or with the command line) within that time. Unknown and revoked tokens are never remembered.
 */
public final class PostgresAccessTokens implements AccessTokens {

    /** Remembered tokens at most; beyond it the memory starts afresh. */
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(TenantId tenant, long untilNanos) {
    }

    private final Jdbc jdbc;
    private final long ttlNanos;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    /** Counts revocations here, so a lookup that raced one is not remembered. */
    private final AtomicLong revocations = new AtomicLong();

    PostgresAccessTokens(Jdbc jdbc, Duration cacheTtl) {
        this.jdbc = jdbc;
        this.ttlNanos = cacheTtl.toNanos();
    }

    @Override
    public void register(TokenHash token, TenantId tenant) {
        String owner = jdbc.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO access_tokens (token_hash, tenant) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING")) {
                insert.setString(1, token.sha256Hex());
                insert.setString(2, tenant.value());
                if (insert.executeUpdate() == 1) {
                    return tenant.value();
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT tenant FROM access_tokens WHERE token_hash = ?")) {
                query.setString(1, token.sha256Hex());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
        if (!owner.equals(tenant.value())) {
            throw new IllegalArgumentException("token " + token.label() + " belongs to another tenant");
        }
    }

    @Override
    public Optional<TenantId> tenantOf(TokenHash token) {
        if (ttlNanos == 0) {
            return lookUp(token);
        }
        String key = token.sha256Hex();
        Remembered known = remembered.get(key);
        long now = System.nanoTime();
        if (known != null && now - known.untilNanos() < 0) {
            return Optional.of(known.tenant());
        }
        long revokedBefore = revocations.get();
        Optional<TenantId> tenant = lookUp(token);
        if (tenant.isPresent() && revocations.get() == revokedBefore) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, new Remembered(tenant.get(), now + ttlNanos));
        } else {
            remembered.remove(key);
        }
        return tenant;
    }

    private Optional<TenantId> lookUp(TokenHash token) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT tenant FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
                query.setString(1, token.sha256Hex());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(new TenantId(rows.getString(1))) : Optional.<TenantId>empty();
                }
            }
        });
    }

    @Override
    public boolean revoke(TokenHash token) {
        revocations.incrementAndGet();
        remembered.remove(token.sha256Hex());
        try {
            return jdbc.query(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE access_tokens SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL")) {
                    update.setString(1, token.sha256Hex());
                    return update.executeUpdate() == 1;
                }
            });
        } finally {
            revocations.incrementAndGet();
            remembered.remove(token.sha256Hex());
        }
    }
}
