package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.Labels;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnEvent;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.turn.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admitting transaction of {@link PostgresTurnStore}, sent as one execute of three statements, so one round trip:
 * the first locks the conversation's row; the second starts after the lock is granted, so its snapshot holds every
 * admission, key and ending committed before it, and it decides and writes; the third commits. With attachment bytes
 * the commit waits for them instead.
 *
 * <p>The driver sends statements after the first in the same round trip only while it can bound the rows they
 * return, so the write returns no text of unbounded length: it says whether the turn has earlier exchanges, and the
 * caller reads them after the commit (they are of ended turns, which do not change), and a live record of the key is
 * read after the commit too. Correctness does not depend on that batching: the transaction is explicit, so a round
 * trip more would change nothing but time.
 */
final class PostgresAdmission {

    /** Locks the conversation's row, whatever its state: the write reads the row afresh. */
    private static final String LOCK = "SELECT 1 FROM conversations WHERE conversation_id = ? FOR UPDATE";


    /**
     * The admission's write. {@code cv} is the conversation (none if unknown, another tenant's or deleted), {@code s}
     * the decision: whether the key has a live record (then nothing is written), whether the turn is admitted (not
     * when the conversation is busy and the request needs it idle) and whether it starts (asked, and no turn of the
     * conversation running or queued). {@code k} records the key, replacing an expired record; a live one (which
     * {@code s} would have seen, so never expected) leaves {@code k} empty, and then {@code w} is empty and nothing
     * is written. The turn, its events (both when it starts, {@code turn_accepted} alone when it is queued) and the
     * counter are written from {@code w}.
     */
    private static final String WRITE = "WITH cv AS (SELECT agent, channel, created_at, last_seq FROM conversations "
            + "WHERE conversation_id = ? AND tenant = ? AND deleted_at IS NULL), "
            + "s AS (SELECT cv.last_seq + 1 AS seq, x.live AS key_live, NOT x.live AND NOT (?::boolean AND b.busy) "
            + "AS admitted, ?::boolean AND NOT b.busy AS started FROM cv, "
            + "(SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE
            + ") AS busy) b, "
            + "(SELECT ?::boolean AND EXISTS (SELECT 1 FROM idempotency_keys WHERE conversation_id = ? AND tenant = ? "
            + "AND idempotency_key = ? AND expires_at > ?) AS live) x), "
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
            + "SELECT s.seq, s.key_live, s.admitted, s.started, EXISTS (SELECT 1 FROM w) AS written, "
            + bounded("agent") + ", " + bounded("channel") + ", cv.created_at, "
            + "s.admitted AND s.started AND EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? "
            + "AND status = " + StatusSql.COMPLETED + " AND accepted_seq < s.seq) AS earlier_exchanges FROM cv, s";

    private PostgresAdmission() {
    }

    /**
     * A name of the conversation (a label, so at most {@link Labels#MAX_LENGTH} ASCII characters) as a type of that
     * bounded length; null, which the conversation refuses like any undecodable row, if it were longer.
     */
    private static String bounded(String column) {
        return "CASE WHEN octet_length(cv." + column + ") <= " + Labels.MAX_LENGTH + " THEN cv." + column
                + "::varchar(" + Labels.MAX_LENGTH + ") END AS " + column;
    }

    /**
     * What the write decided and did; {@code earlierExchanges} is whether a started turn has completed turns before
     * it.
     */
    record Written(long seq, boolean keyLive, boolean admitted, boolean written, boolean started,
            String agent, String channel, Instant createdAt, boolean earlierExchanges) {

        /** The turn as written: accepted at {@code now}, and started then if it started. */
        Turn turn(Admission.Request request, Instant now) {
            Turn queued = Turn.accepted(request.turnId(), request.conversationId(), request.message(),
                    request.source(), seq, now, request.trace());
            return started ? queued.start(now) : queued;
        }
    }

    /** Runs the admitting transaction; empty when the conversation is unknown, another tenant's or deleted. */
    static Optional<Written> write(Jdbc jdbc, Admission.Request request, Instant now) throws SQLException {
        boolean withBytes = request.message().attachments().stream()
                .anyMatch(attachment -> attachment.dataBase64().isPresent());
        return jdbc.transactionOrSqlError(connection -> {
            Optional<Written> written = write(connection, request, now, !withBytes);
            if (withBytes && written.filter(Written::written).isPresent()) {
                AttachmentRows.insert(connection, written.get().turn(request, now));
            }
            return written;
        });
    }

    private static Optional<Written> write(Connection connection, Admission.Request request, Instant now,
            boolean commit) throws SQLException {
        Optional<KeyClaim> claim = request.claim();
        Optional<Admission.Start> start = request.start();
        try (PreparedStatement statement = connection.prepareStatement(
                LOCK + "; " + WRITE + (commit ? "; COMMIT" : ""))) {
            int i = 0;
            statement.setObject(++i, request.conversationId().value());
            // the conversation
            statement.setObject(++i, request.conversationId().value());
            statement.setString(++i, request.tenant().value());
            // the decision
            statement.setBoolean(++i, request.requireIdle());
            statement.setBoolean(++i, start.isPresent());
            statement.setObject(++i, request.conversationId().value());
            statement.setBoolean(++i, claim.isPresent());
            statement.setObject(++i, request.conversationId().value());
            statement.setString(++i, request.tenant().value());
            statement.setString(++i, claim.map(it -> it.key().value()).orElse(""));
            Jdbc.setInstant(statement, ++i, now);
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
            // earlier exchanges
            statement.setObject(++i, request.conversationId().value());
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new SQLException("the admission's write returned no rows");
            }
            try (ResultSet rows = statement.getResultSet()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Written(rows.getLong("seq"), rows.getBoolean("key_live"),
                        rows.getBoolean("admitted"), rows.getBoolean("written"), rows.getBoolean("started"),
                        rows.getString("agent"), rows.getString("channel"),
                        Jdbc.getInstant(rows, "created_at"), rows.getBoolean("earlier_exchanges")));
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
}
