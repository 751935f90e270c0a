package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnEvent;
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
 * The admitting transaction of {@link PostgresTurnStore}, four statements sent in one execute. The first asks for the
 * write's generic plan (below). The second locks the conversation's row. The third starts after the lock is granted,
 * so its snapshot holds every admission, key and ending committed before it: it reads the conversation and the live
 * record of the request's idempotency key, decides whether the turn is admitted and whether it starts, writes it, and
 * reads a started turn's earlier exchanges. The fourth commits; with attachment bytes the commit waits for them
 * instead.
 *
 * <p>The driver sends the four in one round trip: it batches statements whose parameters all have types, as these
 * do, since it then has no row description to size their answers by. Were it to send them one by one, the explicit
 * transaction would keep the outcome the same and only cost round trips ({@code PostgresRoundTripsTest} counts them).
 *
 * <p>The write is one large statement, and PostgreSQL's plan cache chooses per session, from the costs of its first
 * executions, whether to plan it afresh for each execution's values. When it does, planning takes longer than the
 * execution (0.8 ms against 0.5 ms at the median in PostgreSQL's log, under load on 2 cores); its generic plan, made
 * once per connection, executes as fast. {@code SET LOCAL} asks for that plan in this transaction only.
 */
final class PostgresAdmission {

    /**
     * The admission's write. {@code cv} is the conversation (none if unknown, another tenant's or deleted), {@code x}
     * the key's live record, {@code s} the decision: the turn is admitted when the key has no live record and the
     * conversation is idle or need not be, and it starts when asked and no turn of the conversation is running or
     * queued. {@code k} records the key, replacing an expired record; a live one (which {@code x} would have found,
     * so never expected) leaves {@code k} empty, and then {@code w} is empty and nothing is written. The turn, its
     * events (both when it starts, {@code turn_accepted} alone when it is queued) and the counter are written from
     * {@code w}. A started turn's earlier exchanges are joined on, newest first, a row each (one row with them null
     * when there are none).
     */
    private static final String WRITE = "WITH cv AS (SELECT tenant, agent, channel, last_turn_channel, created_at, "
            + "last_seq FROM conversations WHERE conversation_id = ? AND tenant = ? AND deleted_at IS NULL), "
            + "x AS (SELECT fingerprint, turn_id, expires_at FROM idempotency_keys WHERE ?::boolean "
            + "AND conversation_id = ? AND tenant = ? AND idempotency_key = ? AND expires_at > ?), "
            + "s AS (SELECT cv.last_seq + 1 AS seq, NOT EXISTS (SELECT 1 FROM x) AND NOT (?::boolean AND b.busy) "
            + "AS admitted, ?::boolean AND NOT b.busy AS started FROM cv, "
            + "(SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE
            + ") AS busy) b), "
            + "k AS (INSERT INTO idempotency_keys (conversation_id, tenant, idempotency_key, fingerprint, turn_id, "
            + "expires_at) SELECT ?, ?, ?, ?, ?, ? FROM s WHERE s.admitted AND ?::boolean "
            + "ON CONFLICT (conversation_id, tenant, idempotency_key) DO UPDATE SET "
            + "fingerprint = excluded.fingerprint, turn_id = excluded.turn_id, expires_at = excluded.expires_at "
            + "WHERE idempotency_keys.expires_at <= ? RETURNING 1), "
            + "w AS (SELECT s.seq, s.started FROM s WHERE s.admitted AND (NOT ?::boolean OR EXISTS (SELECT 1 FROM k))), "
            + "t AS (INSERT INTO turns (conversation_id, turn_id, accepted_seq, status, source, message, "
            + "accepted_at, " + TraceColumn.NAME + ", started_at, lease_owner, lease_until) "
            + "SELECT ?, ?, w.seq, CASE WHEN w.started THEN " + StatusSql.RUNNING + " ELSE " + StatusSql.QUEUED
            + " END, ?, ?::json, ?, ?, CASE WHEN w.started THEN ?::timestamptz END, "
            + "CASE WHEN w.started THEN ?::text END, CASE WHEN w.started THEN ?::timestamptz END FROM w), "
            + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, w.seq + e.n - 1, ?, e.type, "
            + "e.payload::json, ? FROM w, unnest(?::text[], ?::text[]) WITH ORDINALITY AS e(type, payload, n) "
            + "WHERE w.started OR e.n = 1), "
            + "c AS (UPDATE conversations SET last_turn_channel = ?, last_activity_at = ?, "
            + "last_seq = w.seq + CASE WHEN w.started THEN 1 ELSE 0 END FROM w WHERE conversation_id = ?) "
            + "SELECT cv.tenant, cv.agent, cv.channel, cv.last_turn_channel, cv.created_at, "
            + "x.fingerprint AS key_fingerprint, x.turn_id AS key_turn_id, x.expires_at AS key_expires_at, "
            + "s.seq, s.admitted, s.started, EXISTS (SELECT 1 FROM w) AS written, h.* "
            + "FROM cv CROSS JOIN s LEFT JOIN x ON true LEFT JOIN LATERAL (SELECT " + TurnQueries.HISTORY_COLUMNS
            + " FROM turns WHERE conversation_id = ? AND status = " + StatusSql.COMPLETED + " AND accepted_seq < s.seq "
            + "ORDER BY accepted_seq DESC LIMIT ?) h ON s.admitted AND s.started";

    /** Plans the write once per connection, not once per execution; for this transaction only. */
    private static final String GENERIC_PLAN = "SET LOCAL plan_cache_mode = force_generic_plan";

    private PostgresAdmission() {
    }

    /** Runs the admitting transaction. */
    static Admission admit(Jdbc jdbc, Admission.Request request, Instant now) throws SQLException {
        boolean withBytes = request.message().attachments().stream()
                .anyMatch(attachment -> attachment.dataBase64().isPresent());
        return jdbc.transactionOrSqlError(connection -> {
            Admission admission = admit(connection, request, now, !withBytes);
            if (withBytes && admission instanceof Admission.Admitted admitted) {
                AttachmentRows.insert(connection, admitted.turn());
            }
            return admission;
        });
    }

    private static Admission admit(Connection connection, Admission.Request request, Instant now, boolean commit)
            throws SQLException {
        Optional<KeyClaim> claim = request.claim();
        Optional<Admission.Start> start = request.start();
        try (PreparedStatement statement = connection.prepareStatement(
                GENERIC_PLAN + "; " + JournalRows.LOCK_AHEAD + "; " + WRITE + (commit ? "; COMMIT" : ""))) {
            int i = 0;
            statement.setObject(++i, request.conversationId().value());
            // the conversation
            statement.setObject(++i, request.conversationId().value());
            statement.setString(++i, request.tenant().value());
            // the key's live record
            statement.setBoolean(++i, claim.isPresent());
            statement.setObject(++i, request.conversationId().value());
            statement.setString(++i, request.tenant().value());
            statement.setString(++i, claim.map(it -> it.key().value()).orElse(""));
            Jdbc.setInstant(statement, ++i, now);
            // the decision
            statement.setBoolean(++i, request.requireIdle());
            statement.setBoolean(++i, start.isPresent());
            statement.setObject(++i, request.conversationId().value());
            // the key's record
            statement.setObject(++i, request.conversationId().value());
            statement.setString(++i, request.tenant().value());
            statement.setString(++i, claim.map(it -> it.key().value()).orElse(""));
            statement.setString(++i, claim.map(it -> it.fingerprint().sha256Hex()).orElse(""));
            statement.setObject(++i, request.turnId().value());
            Jdbc.setInstant(statement, ++i, claim.map(KeyClaim::expiresAt).orElse(now));
            statement.setBoolean(++i, claim.isPresent());
            Jdbc.setInstant(statement, ++i, Jdbc.storable(request.now()));
            statement.setBoolean(++i, claim.isPresent());
            // the turn
            statement.setObject(++i, request.conversationId().value());
            statement.setObject(++i, request.turnId().value());
            statement.setString(++i, request.source());
            statement.setString(++i, JsonCodec.message(request.message()));
            Jdbc.setInstant(statement, ++i, now);
            statement.setString(++i, TraceColumn.write(request.trace()));
            Jdbc.setInstant(statement, ++i, now);
            statement.setString(++i, start.map(it -> it.owner().value()).orElse(null));
            Jdbc.setInstant(statement, ++i, start.map(it -> Jdbc.storable(it.leaseUntil())).orElse(null));
            // its events
            statement.setObject(++i, request.conversationId().value());
            statement.setObject(++i, request.turnId().value());
            Jdbc.setInstant(statement, ++i, now);
            List<TurnEvent> events = List.of(new TurnAccepted(request.message().text(), request.source()),
                    new TurnStarted());
            statement.setArray(++i, connection.createArrayOf("text", events.stream().map(TurnEvent::type).toArray()));
            statement.setArray(++i, connection.createArrayOf("text", events.stream().map(JsonCodec::event).toArray()));
            // the counter
            statement.setString(++i, request.source());
            Jdbc.setInstant(statement, ++i, now);
            statement.setObject(++i, request.conversationId().value());
            // the earlier exchanges
            statement.setObject(++i, request.conversationId().value());
            statement.setInt(++i, start.map(Admission.Start::historyWindow).orElse(0));
            statement.execute(); // the setting's result first, then the lock's row
            statement.getMoreResults();
            if (!statement.getMoreResults()) {
                throw new SQLException("the admission's write returned no rows");
            }
            try (ResultSet rows = statement.getResultSet()) {
                if (!rows.next()) {
                    throw new UnknownConversationException(request.conversationId());
                }
                return outcome(connection, request, now, rows);
            }
        }
    }

    /** What the write's first row says; a started turn's earlier exchanges are read on from it. */
    private static Admission outcome(Connection connection, Admission.Request request, Instant now, ResultSet rows)
            throws SQLException {
        if (rows.getString("key_fingerprint") != null) {
            return new Admission.Duplicate(new IdempotencyRecord(request.tenant(), request.conversationId(),
                    request.claim().orElseThrow().key(), new Fingerprint(rows.getString("key_fingerprint")),
                    new TurnId(rows.getObject("key_turn_id", UUID.class)), Jdbc.getInstant(rows, "key_expires_at")));
        }
        if (!rows.getBoolean("admitted")) {
            return new Admission.Busy();
        }
        if (!rows.getBoolean("written")) {
            throw new KeyTaken();
        }
        Turn queued = Turn.accepted(request.turnId(), request.conversationId(), request.message(), request.source(),
                rows.getLong("seq"), now, request.trace());
        boolean started = rows.getBoolean("started");
        return new Admission.Admitted(started ? queued.start(now) : queued,
                PostgresConversationStore.conversation(request.conversationId(), rows)
                        .withLastTurnChannel(request.source()),
                started ? TurnQueries.historyFromCurrentRow(connection, request.conversationId(), rows) : List.of());
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

    /** A live record for the key turned up while recording it: nothing was written. */
    static final class KeyTaken extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyTaken() {
            super("the idempotency key is live", null, false, false);
        }
    }
}
