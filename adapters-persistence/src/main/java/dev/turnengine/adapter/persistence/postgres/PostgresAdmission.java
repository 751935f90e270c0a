package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The admitting transaction of {@link PostgresTurnStore}, two statements and the commit: the first locks the
 * conversation and reads the live record of the request's idempotency key; the second stores the turn (started at
 * once when asked and the conversation is idle), its events and the key's record. An attachment's bytes, and the
 * busy check of a request that must find the conversation idle, add a statement each.
 */
final class PostgresAdmission {

    private PostgresAdmission() {
    }

    static Admission admit(Connection connection, Admission.Request request, Instant now) throws SQLException {
        Locked conversation = lock(connection, request, now)
                .filter(locked -> locked.conversation().tenant().equals(request.tenant()))
                .orElseThrow(() -> new UnknownConversationException(request.conversationId()));
        if (conversation.existingKey().isPresent()) {
            return new Admission.Duplicate(conversation.existingKey().get());
        }
        if (request.requireIdle() && isBusy(connection, request.conversationId())) {
            return new Admission.Busy();
        }
        long seq = conversation.lastSeq() + 1;
        Turn queued = Turn.accepted(
                request.turnId(), request.conversationId(), request.message(), request.source(), seq, now,
                request.trace());
        Optional<Turn> starting = request.start().map(asked -> queued.start(now));
        Written written = write(connection, request, queued, starting);
        if (!written.keyRecorded()) {
            throw new KeyTaken();
        }
        Turn turn = written.started() ? starting.orElseThrow() : queued;
        AttachmentRows.insert(connection, turn);
        return new Admission.Admitted(
                turn, conversation.conversation().withLastTurnChannel(request.source()), written.history());
    }

    /**
     * The conversation's row, locked, the sequence of its latest event, and the live record of the request's
     * idempotency key, if it has one.
     */
    private record Locked(Conversation conversation, long lastSeq, Optional<IdempotencyRecord> existingKey) {
    }

    /**
     * Locks the conversation's row (as {@link JournalRows#lock} does) and reads it whole, with the live record of
     * the request's key. The record is read in the statement's snapshot, which can predate the lock: a record
     * committed while the lock was awaited is not seen here, and recording the key then finds it and rolls the
     * admission back ({@link KeyTaken}); a record seen here stays live, since only expired ones are replaced.
     */
    private static Optional<Locked> lock(Connection connection, Admission.Request request, Instant now)
            throws SQLException {
        Optional<KeyClaim> claim = request.claim();
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.tenant, c.agent, c.channel, "
                + "c.last_turn_channel, c.created_at, c.last_seq, k.fingerprint, k.turn_id, k.expires_at "
                + "FROM conversations c LEFT JOIN idempotency_keys k ON ?::boolean "
                + "AND k.conversation_id = c.conversation_id AND k.tenant = ? AND k.idempotency_key = ? "
                + "AND k.expires_at > ? "
                + "WHERE c.conversation_id = ? AND c.deleted_at IS NULL FOR UPDATE OF c")) {
            statement.setBoolean(1, claim.isPresent());
            statement.setString(2, request.tenant().value());
            statement.setString(3, claim.map(it -> it.key().value()).orElse(""));
            Jdbc.setInstant(statement, 4, now);
            statement.setObject(5, request.conversationId().value());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Optional<IdempotencyRecord> existing = Optional.empty();
                if (claim.isPresent() && rows.getString("fingerprint") != null) {
                    existing = Optional.of(new IdempotencyRecord(request.tenant(), request.conversationId(),
                            claim.get().key(), new Fingerprint(rows.getString("fingerprint")),
                            new TurnId(rows.getObject("turn_id", UUID.class)), Jdbc.getInstant(rows, "expires_at")));
                }
                return Optional.of(new Locked(PostgresConversationStore.conversation(request.conversationId(), rows),
                        rows.getLong("last_seq"), existing));
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
     * What the admission's write did: whether it started the turn, the history it read for it, and whether it
     * recorded the request's idempotency key (always, for a request without one).
     */
    private record Written(boolean started, List<Exchange> history, boolean keyRecorded) {
    }

    /**
     * One statement: stores the turn, journals its events, moves the conversation's counter and channel, and
     * decides whether the turn starts: {@code starting} (the turn as started, when the caller asked to start it)
     * is taken only when no other turn of the conversation is running or queued, and then the completed turns
     * before it are read, whose exchanges (with their tool steps) it returns. The check runs in this statement
     * under the row lock taken before it, so it sees every turn committed up to the lock; a turn not started
     * stays queued, with {@code turn_accepted} as its only event.
     */
    private static Written write(Connection connection, Admission.Request request, Turn queued,
            Optional<Turn> starting) throws SQLException {
        Turn turn = starting.orElse(queued);
        List<JournalEvent> events = events(turn, request);
        try (PreparedStatement write = connection.prepareStatement("WITH s AS (SELECT ?::boolean AND NOT EXISTS "
                + "(SELECT 1 FROM turns WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE + ") AS started), "
                + "t AS (INSERT INTO turns (conversation_id, turn_id, accepted_seq, status, source, message, "
                + "accepted_at, " + TraceColumn.NAME + ", started_at, lease_owner, lease_until) "
                + "SELECT ?, ?, ?, CASE WHEN s.started THEN " + StatusSql.RUNNING + " ELSE " + StatusSql.QUEUED
                + " END, ?, ?::json, ?, ?, CASE WHEN s.started THEN ?::timestamptz END, "
                + "CASE WHEN s.started THEN ?::text END, CASE WHEN s.started THEN ?::timestamptz END FROM s), "
                + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, e.seq, ?, e.type, e.payload::json, ? "
                + "FROM unnest(?::bigint[], ?::text[], ?::text[]) AS e(seq, type, payload), s "
                + "WHERE s.started OR e.seq = ?), "
                + "c AS (UPDATE conversations SET last_turn_channel = ?, last_activity_at = ?, "
                + "last_seq = CASE WHEN s.started THEN ? ELSE ? END FROM s WHERE conversation_id = ?), "
                + "k AS (INSERT INTO idempotency_keys (conversation_id, tenant, idempotency_key, fingerprint, turn_id, "
                + "expires_at) SELECT ?, ?, ?, ?, ?, ? WHERE ?::boolean "
                + "ON CONFLICT (conversation_id, tenant, idempotency_key) DO UPDATE SET "
                + "fingerprint = excluded.fingerprint, turn_id = excluded.turn_id, expires_at = excluded.expires_at "
                + "WHERE idempotency_keys.expires_at <= ? RETURNING 1) "
                + "SELECT s.started, NOT ?::boolean OR EXISTS (SELECT 1 FROM k) AS key_recorded, h.* "
                + "FROM s LEFT JOIN LATERAL (SELECT " + TurnQueries.HISTORY_COLUMNS + " FROM turns "
                + "WHERE conversation_id = ? AND status = " + StatusSql.COMPLETED + " AND accepted_seq < ? "
                + "ORDER BY accepted_seq DESC LIMIT ?) h ON s.started")) {
            int i = 0;
            write.setBoolean(++i, starting.isPresent());
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.turnId().value());
            write.setLong(++i, turn.acceptedSeq());
            write.setString(++i, request.source());
            write.setString(++i, JsonCodec.message(request.message()));
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setString(++i, TraceColumn.write(request.trace()));
            Jdbc.setInstant(write, ++i, turn.startedAt().orElse(null));
            write.setString(++i, request.start().map(it -> it.owner().value()).orElse(null));
            Jdbc.setInstant(write, ++i, request.start().map(it -> Jdbc.storable(it.leaseUntil())).orElse(null));
            write.setObject(++i, request.conversationId().value());
            write.setObject(++i, request.turnId().value());
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setArray(++i, connection.createArrayOf("bigint", events.stream().map(JournalEvent::seq).toArray()));
            write.setArray(++i, connection.createArrayOf("text", events.stream().map(e -> e.event().type()).toArray()));
            write.setArray(++i, connection.createArrayOf("text",
                    events.stream().map(e -> JsonCodec.event(e.event())).toArray()));
            write.setLong(++i, turn.acceptedSeq());
            write.setString(++i, request.source());
            Jdbc.setInstant(write, ++i, turn.acceptedAt());
            write.setLong(++i, events.getLast().seq());
            write.setLong(++i, turn.acceptedSeq());
            write.setObject(++i, request.conversationId().value());
            Optional<KeyClaim> claim = request.claim();
            write.setObject(++i, request.conversationId().value());
            write.setString(++i, request.tenant().value());
            write.setString(++i, claim.map(it -> it.key().value()).orElse(""));
            write.setString(++i, claim.map(it -> it.fingerprint().sha256Hex()).orElse(""));
            write.setObject(++i, request.turnId().value());
            Jdbc.setInstant(write, ++i, claim.map(KeyClaim::expiresAt).orElse(turn.acceptedAt()));
            write.setBoolean(++i, claim.isPresent());
            Jdbc.setInstant(write, ++i, Jdbc.storable(request.now()));
            write.setBoolean(++i, claim.isPresent());
            write.setObject(++i, request.conversationId().value());
            write.setLong(++i, turn.acceptedSeq());
            write.setInt(++i, request.start().map(Admission.Start::historyWindow).orElse(0));
            try (ResultSet rows = write.executeQuery()) {
                rows.next();
                boolean started = rows.getBoolean("started");
                boolean keyRecorded = rows.getBoolean("key_recorded");
                return new Written(started, started
                        ? TurnQueries.historyFromCurrentRow(connection, request.conversationId(), rows)
                        : List.of(), keyRecorded);
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
