package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AccessTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Access tokens in PostgreSQL, by hash. A revoked token stays revoked: registering it again does not bring
 * it back, and a token registered for one tenant cannot be registered for another.
 */
public final class PostgresAccessTokens implements AccessTokens {

    private final Jdbc jdbc;

    PostgresAccessTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.query(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE access_tokens SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL")) {
                update.setString(1, token.sha256Hex());
                return update.executeUpdate() == 1;
            }
        });
    }
}
