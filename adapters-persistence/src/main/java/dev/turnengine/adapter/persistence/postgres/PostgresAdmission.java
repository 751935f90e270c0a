package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnStarted;
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
import java.util.List;
import java.util.Optional;

/**
 * The admitting transaction of {@link PostgresTurnStore}: key check, busy check, the turn (started at once when
 * asked and the conversation is idle), its bytes and its events.
 */
final class PostgresAdmission {

    private PostgresAdmission() {
    }

    static Admission admit(Connection connection, Admission.Request request, Instant now) throws SQLException {
        Locked conversation = lock(connection, request.conversationId())
                .filter(locked -> locked.conversation().tenant().equals(request.tenant()))
                .orElseThrow(() -> new UnknownConversationException(request.conversationId()));
        if (request.claim().isPresent()) {
            Optional<IdempotencyRecord> existing = findKey(connection, request, request.claim().get(), now);
            if (existing.isPresent()) {
                return new Admission.Duplicate(existing.get());
            }
        }
        boolean busy = (request.requireIdle() || request.start().isPresent())
                && isBusy(connection, request.conversationId());
        if (request.requireIdle() && busy) {
            return new Admission.Busy();
        }
        Optional<Admission.Start> start = busy ? Optional.empty() : request.start();
        long seq = conversation.lastSeq() + 1;
        Turn turn = Turn.accepted(
                request.turnId(), request.conversationId(), request.message(), request.source(), seq, now,
                request.trace());
        if (start.isPresent()) {
            turn = turn.start(now);
        }
        insertTurn(connection, request, turn, start);
        AttachmentRows.insert(connection, turn);
        List<JournalEvent> events = events(turn, request);
        JournalRows.insert(connection, events);
        List<Exchange> history = start.isEmpty() ? List.of()
                : TurnQueries.history(connection, request.conversationId(), turn.id(), start.get().historyWindow());
        if (request.claim().isPresent()) {
            recordKey(connection, request, request.claim().get());
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE conversations SET last_turn_channel = ?, "
                + "last_activity_at = ?, last_seq = ? WHERE conversation_id = ?")) {
            update.setString(1, request.source());
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, events.getLast().seq());
            update.setObject(4, request.conversationId().value());
            update.executeUpdate();
        }
        return new Admission.Admitted(turn, conversation.conversation().withLastTurnChannel(request.source()), history);
    }

    /** The conversation's row, locked, and the sequence of its latest event. */
    private record Locked(Conversation conversation, long lastSeq) {
    }

    /** Locks the conversation's row (as {@link JournalRows#lock} does) and reads it whole. */
    private static Optional<Locked> lock(Connection connection, ConversationId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT tenant, agent, channel, "
                + "last_turn_channel, created_at, last_seq FROM conversations WHERE conversation_id = ? "
                + "AND deleted_at IS NULL FOR UPDATE")) {
            statement.setObject(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Locked(PostgresConversationStore.conversation(id, rows), rows.getLong("last_seq")))
                        : Optional.empty();
            }
        }
    }

    /** The events an admission journals: {@code turn_accepted}, and {@code turn_started} when it started the turn. */
    static List<JournalEvent> events(Turn turn, Admission.Request request) {
        JournalEvent accepted = new JournalEvent(turn.conversationId(), turn.acceptedSeq(), turn.id(),
                new TurnAccepted(request.message().text(), request.source()), turn.acceptedAt());
        return turn.startedAt()
                .map(at -> List.of(accepted, new JournalEvent(turn.conversationId(), turn.acceptedSeq() + 1, turn.id(),
                        new TurnStarted(), at)))
                .orElse(List.of(accepted));
    }

    private static void insertTurn(Connection connection, Admission.Request request, Turn turn,
            Optional<Admission.Start> start) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO turns (conversation_id, turn_id, "
                + "accepted_seq, status, source, message, accepted_at, " + TraceColumn.NAME + ", started_at, "
                + "lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, request.conversationId().value());
            insert.setObject(2, request.turnId().value());
            insert.setLong(3, turn.acceptedSeq());
            insert.setString(4, StatusSql.text(turn.status()));
            insert.setString(5, request.source());
            insert.setString(6, JsonCodec.message(request.message()));
            Jdbc.setInstant(insert, 7, turn.acceptedAt());
            insert.setString(8, TraceColumn.write(request.trace()));
            Jdbc.setInstant(insert, 9, turn.startedAt().orElse(null));
            insert.setString(10, start.map(it -> it.owner().value()).orElse(null));
            Jdbc.setInstant(insert, 11, start.map(it -> Jdbc.storable(it.leaseUntil())).orElse(null));
            insert.executeUpdate();
        }
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
