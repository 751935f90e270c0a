package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.postgres.JournalRows.LockedConversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.turn.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The admitting transaction of {@link PostgresTurnStore}: key check, busy check, the turn, its bytes and its event. */
final class PostgresAdmission {

    private PostgresAdmission() {
    }

    static Admission admit(Connection connection, Channels channels, Admission.Request request, Instant now) throws SQLException {
        LockedConversation conversation = JournalRows.lock(connection, request.conversationId())
                .orElseThrow(() -> new UnknownConversationException(request.conversationId()));
        if (!conversation.tenant().equals(request.tenant())) {
            throw new IllegalArgumentException("conversation " + request.conversationId() + " belongs to another tenant");
        }
        if (request.claim().isPresent()) {
            Optional<IdempotencyRecord> existing = findKey(connection, request, request.claim().get(), now);
            if (existing.isPresent()) {
                return new Admission.Duplicate(existing.get());
            }
        }
        if (request.requireIdle() && isBusy(connection, request.conversationId())) {
            return new Admission.Busy();
        }
        long seq = conversation.lastSeq() + 1;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO turns (conversation_id, turn_id, "
                + "accepted_seq, status, source, message, accepted_at, " + TraceColumn.NAME + ") VALUES (?, ?, ?, "
                + StatusSql.QUEUED + ", ?, ?::json, ?, ?)")) {
            insert.setObject(1, request.conversationId().value());
            insert.setObject(2, request.turnId().value());
            insert.setLong(3, seq);
            insert.setString(4, request.source());
            insert.setString(5, JsonCodec.message(request.message()));
            Jdbc.setInstant(insert, 6, now);
            insert.setString(7, TraceColumn.write(request.trace()));
            insert.executeUpdate();
        }
        Turn turn = Turn.accepted(
                request.turnId(), request.conversationId(), request.message(), request.source(), seq, now,
                request.trace());
        AttachmentRows.insert(connection, turn);
        JournalRows.appendOne(connection, channels, request.conversationId(), seq, request.turnId(),
                new TurnAccepted(request.message().text(), request.source()), now);
        if (request.claim().isPresent()) {
            recordKey(connection, request, request.claim().get());
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET last_turn_channel = ?, last_activity_at = ? WHERE conversation_id = ?")) {
            update.setString(1, request.source());
            Jdbc.setInstant(update, 2, now);
            update.setObject(3, request.conversationId().value());
            update.executeUpdate();
        }
        return new Admission.Admitted(turn);
    }

    private static Optional<IdempotencyRecord> findKey(
            Connection connection, Admission.Request request, KeyClaim claim, Instant now) throws SQLException {
        return PostgresIdempotencyRecords.find(connection, request.tenant(), request.conversationId(), claim.key(), now);
    }

    /** Inserts the key, or replaces a record that has expired (a live one was ruled out under the row lock). */
    private static void recordKey(Connection connection, Admission.Request request, KeyClaim claim)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO idempotency_keys (conversation_id, "
                + "tenant, idempotency_key, fingerprint, turn_id, expires_at) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (conversation_id, tenant, idempotency_key) DO UPDATE SET "
                + "fingerprint = excluded.fingerprint, turn_id = excluded.turn_id, expires_at = excluded.expires_at "
                + "WHERE idempotency_keys.expires_at <= ?")) {
            upsert.setObject(1, request.conversationId().value());
            upsert.setString(2, request.tenant().value());
            upsert.setString(3, claim.key().value());
            upsert.setString(4, claim.fingerprint().sha256Hex());
            upsert.setObject(5, request.turnId().value());
            Jdbc.setInstant(upsert, 6, claim.expiresAt());
            Jdbc.setInstant(upsert, 7, Jdbc.storable(request.now()));
            if (upsert.executeUpdate() != 1) {
                throw new KeyTaken();
            }
        }
    }

    private static boolean isBusy(Connection connection, ConversationId id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE + ")")) {
            query.setObject(1, id.value());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** A live record for the key turned up while recording it: the admission is rolled back. */
    static final class KeyTaken extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyTaken() {
            super("the idempotency key is live", null, false, false);
        }
    }
}
