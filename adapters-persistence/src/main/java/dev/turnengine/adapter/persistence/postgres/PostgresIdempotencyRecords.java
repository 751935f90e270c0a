package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Idempotency records in PostgreSQL, written by {@link PostgresTurnStore#admit} in the turn's transaction. */
public final class PostgresIdempotencyRecords implements IdempotencyRecords {

    private final Jdbc jdbc;

    PostgresIdempotencyRecords(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<IdempotencyRecord> find(
            TenantId tenant, ConversationId conversationId, IdempotencyKey key, Instant now) {
        return jdbc.query(connection -> find(connection, tenant, conversationId, key, Jdbc.storable(now)));
    }

    static Optional<IdempotencyRecord> find(
            Connection connection, TenantId tenant, ConversationId conversationId, IdempotencyKey key, Instant now)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT fingerprint, turn_id, expires_at "
                + "FROM idempotency_keys WHERE conversation_id = ? AND tenant = ? AND idempotency_key = ? "
                + "AND expires_at > ?")) {
            query.setObject(1, conversationId.value());
            query.setString(2, tenant.value());
            query.setString(3, key.value());
            Jdbc.setInstant(query, 4, now);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new IdempotencyRecord(tenant, conversationId, key,
                        new Fingerprint(rows.getString("fingerprint")),
                        new TurnId(rows.getObject("turn_id", UUID.class)), Jdbc.getInstant(rows, "expires_at")));
            }
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbc.query(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM idempotency_keys WHERE expires_at <= ?")) {
                Jdbc.setInstant(delete, 1, Jdbc.storable(now));
                return delete.executeUpdate();
            }
        });
    }
}
