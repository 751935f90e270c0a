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
        List<Exchange> history = write(connection, request, turn, start);
        AttachmentRows.insert(connection, turn);
        if (request.claim().isPresent()) {
            recordKey(connection, request, request.claim().get());
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

    /**
     * One statement: stores the turn, journals its events, moves the conversation's counter and channel, and
     * (for a turn started here) reads the completed turns before it, whose exchanges (with their tool steps) it
     * returns; none for a queued turn.
     */
    private static List<Exchange> write(Connection connection, Admission.Request request, Turn turn,
            Optional<Admission.Start> start) throws SQLException {
        List<JournalEvent> events = events(turn, request);
        try (PreparedStatement write = connection.prepareStatement("WITH t AS (INSERT INTO turns (conversation_id, "
                + "turn_id, accepted_seq, status, source, message, accepted_at, " + TraceColumn.NAME + ", started_at, "
                + "lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?)), "
                + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, e.seq, ?, e.type, e.payload::json, ? "
                + "FROM unnest(?::bigint[], ?::text[], ?::text[]) AS e(seq, type, payload)), "
                + "c AS (UPDATE conversations SET last_turn_channel = ?, last_activity_at = ?, last_seq = ? "
                + "WHERE conversation_id = ?) "
                + "SELECT " + TurnQueries.HISTORY_COLUMNS + " FROM turns WHERE conversation_id = ? AND status = "
                + StatusSql.COMPLETED + " AND accepted_seq < ? ORDER BY accepted_seq DESC LIMIT ?")) {
            int i = 0;
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.turnId().value());
            write.setLong(++i, turn.acceptedSeq());
            write.setString(++i, StatusSql.text(turn.status()));
            write.setString(++i, request.source());
            write.setString(++i, JsonCodec.message(request.message()));
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setString(++i, TraceColumn.write(request.trace()));
            Jdbc.setInstant(write, ++i, turn.startedAt().orElse(null));
            write.setString(++i, start.map(it -> it.owner().value()).orElse(null));
            Jdbc.setInstant(write, ++i, start.map(it -> Jdbc.storable(it.leaseUntil())).orElse(null));
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.turnId().value());
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setArray(++i, connection.createArrayOf("bigint", events.stream().map(JournalEvent::seq).toArray()));
            write.setArray(++i, connection.createArrayOf("text", events.stream().map(e -> e.event().type()).toArray()));
            write.setArray(++i, connection.createArrayOf("text",
                    events.stream().map(e -> JsonCodec.event(e.event())).toArray()));
            write.setString(++i, request.source());
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setLong(++i, events.getLast().seq());
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.conversationId().value());
            write.setLong(++i, turn.acceptedSeq());
            write.setInt(++i, start.map(Admission.Start::historyWindow).orElse(0));
            try (ResultSet rows = write.executeQuery()) {
                return TurnQueries.history(connection, request.conversationId(), rows);
            }
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
