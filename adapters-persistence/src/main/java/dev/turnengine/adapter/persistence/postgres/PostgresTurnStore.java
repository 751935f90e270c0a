package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.adapter.persistence.postgres.JournalRows.LockedConversation;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.util.PSQLException;

/** Turns in PostgreSQL; each lifecycle step is one transaction under the conversation's row lock. */
public final class PostgresTurnStore implements TurnStore {

    private static final String IDEMPOTENCY_KEY_CONSTRAINT = "idempotency_keys_pkey";

    private final Jdbc jdbc;
    private final Channels channels;
    private final JournalFeed feed;
    private final IdempotencyRecords idempotency;
    private final TurnQueries queries;

    PostgresTurnStore(Jdbc jdbc, Channels channels, JournalFeed feed, IdempotencyRecords idempotency) {
        this.jdbc = jdbc;
        this.queries = new TurnQueries(jdbc);
        this.channels = channels;
        this.feed = feed;
        this.idempotency = idempotency;
    }

    @Override
    public Admission admit(Admission.Request request) {
        Objects.requireNonNull(request, "request");
        Instant now = Jdbc.storable(request.now());
        Admission admission;
        try {
            admission = jdbc.transactionOrSqlError(connection -> admit(connection, request, now));
        } catch (KeyTaken | SQLException e) {
            if (e instanceof KeyTaken || violates((SQLException) e, IDEMPOTENCY_KEY_CONSTRAINT)) {
                // Admits of one conversation queue on its row lock, so this only happens if some writer
                // skipped that lock; either way the key's existing turn is the one, and ours was rolled back.
                Optional<IdempotencyRecord> existing = idempotency.find(
                        request.tenant(), request.conversationId(), request.claim().orElseThrow().key(), now);
                if (existing.isPresent()) {
                    return new Admission.Duplicate(existing.get());
                }
            }
            if (e instanceof SQLException sql && violates(sql, "turns_pkey")) {
                throw new IllegalArgumentException("turn " + request.turnId() + " already exists");
            }
            throw e instanceof SQLException sql ? Jdbc.unavailable(sql)
                    : new IllegalStateException("an idempotency key vanished while admitting", e);
        }
        if (admission instanceof Admission.Admitted admitted) {
            feed.publish(request.conversationId(), List.of(new JournalEvent(request.conversationId(),
                    admitted.turn().acceptedSeq(), admitted.turn().id(),
                    new TurnAccepted(request.message().text(), request.source()), now)));
        }
        return admission;
    }

    private Admission admit(Connection connection, Admission.Request request, Instant now) throws SQLException {
        LockedConversation conversation = JournalRows.lock(connection, request.conversationId())
                .orElseThrow(() -> new UnknownConversationException(request.conversationId()));
        if (!conversation.tenant().equals(request.tenant())) {
            throw new IllegalArgumentException("conversation " + request.conversationId() + " belongs to another tenant");
        }
        if (request.claim().isPresent()) {
            Optional<IdempotencyRecord> existing = PostgresIdempotencyRecords.find(
                    connection, request.tenant(), request.conversationId(), request.claim().get().key(), now);
            if (existing.isPresent()) {
                return new Admission.Duplicate(existing.get());
            }
        }
        if (request.requireIdle() && isBusy(connection, request.conversationId())) {
            return new Admission.Busy();
        }
        long seq = conversation.lastSeq() + 1;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO turns (conversation_id, turn_id, "
                + "accepted_seq, status, source, message, accepted_at) VALUES (?, ?, ?, " + StatusSql.QUEUED + ", ?, ?::json, ?)")) {
            insert.setObject(1, request.conversationId().value());
            insert.setObject(2, request.turnId().value());
            insert.setLong(3, seq);
            insert.setString(4, request.source());
            insert.setString(5, JsonCodec.message(request.message()));
            Jdbc.setInstant(insert, 6, now);
            insert.executeUpdate();
        }
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
        return new Admission.Admitted(Turn.accepted(
                request.turnId(), request.conversationId(), request.message(), request.source(), seq, now));
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

    @Override
    public Optional<Turn> startNext(ConversationId conversationId, NodeId owner, Instant leaseUntil, Instant now) {
        Objects.requireNonNull(owner, "owner");
        Instant startedAt = Jdbc.storable(now);
        Instant until = Jdbc.storable(leaseUntil);
        record Started(Turn turn, JournalEvent event) {
        }
        Optional<Started> started = jdbc.transaction(connection -> {
            Optional<LockedConversation> conversation = JournalRows.lock(connection, conversationId);
            if (conversation.isEmpty()) {
                return Optional.<Started>empty();
            }
            Optional<UUID> next = Optional.empty();
            try (PreparedStatement query = connection.prepareStatement("SELECT turn_id, status FROM turns "
                    + "WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE + " "
                    + "ORDER BY status = " + StatusSql.RUNNING + " DESC, accepted_seq LIMIT 1")) {
                query.setObject(1, conversationId.value());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next() && StatusSql.parse(rows.getString("status")) == TurnStatus.QUEUED) {
                        next = Optional.of(rows.getObject("turn_id", UUID.class));
                    }
                }
            }
            if (next.isEmpty()) {
                return Optional.<Started>empty();
            }
            Turn turn;
            try (PreparedStatement update = connection.prepareStatement("UPDATE turns SET status = " + StatusSql.RUNNING + ", "
                    + "started_at = ?, lease_owner = ?, lease_until = ? WHERE conversation_id = ? AND turn_id = ? "
                    + "RETURNING " + TurnRows.COLUMNS)) {
                Jdbc.setInstant(update, 1, startedAt);
                update.setString(2, owner.value());
                Jdbc.setInstant(update, 3, until);
                update.setObject(4, conversationId.value());
                update.setObject(5, next.get());
                try (ResultSet rows = update.executeQuery()) {
                    rows.next();
                    turn = TurnRows.turn(rows);
                }
            }
            return Optional.of(new Started(turn, JournalRows.appendOne(connection, channels, conversationId,
                    conversation.get().lastSeq() + 1, turn.id(), new TurnStarted(), startedAt)));
        });
        started.ifPresent(it -> feed.publish(conversationId, List.of(it.event())));
        return started.map(Started::turn);
    }

    @Override
    public Optional<JournalEvent> finish(ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant now) {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(ending, "ending");
        Instant finishedAt = Jdbc.storable(now);
        Optional<JournalEvent> event = jdbc.transaction(connection -> {
            Optional<LockedConversation> conversation = JournalRows.lock(connection, conversationId);
            if (conversation.isEmpty()) {
                return Optional.<JournalEvent>empty();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE turns SET status = ?, "
                    + "outcome = ?::json, finished_at = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE conversation_id = ? AND turn_id = ? AND status IN " + StatusSql.ACTIVE)) {
                update.setString(1, StatusSql.text(ending.status().turnStatus()));
                update.setString(2, JsonCodec.event(ending));
                Jdbc.setInstant(update, 3, finishedAt);
                update.setObject(4, conversationId.value());
                update.setObject(5, turnId.value());
                if (update.executeUpdate() == 0) {
                    return Optional.<JournalEvent>empty();
                }
            }
            WebhookOutboxRows.enqueue(connection, conversation.get().tenant(), conversationId, turnId, ending, finishedAt);
            return Optional.of(JournalRows.appendOne(connection, channels, conversationId,
                    conversation.get().lastSeq() + 1, turnId, ending, finishedAt));
        });
        event.ifPresent(stored -> feed.publish(conversationId, List.of(stored)));
        return event;
    }

    @Override
    public Optional<Turn> find(ConversationId conversationId, TurnId turnId) {
        return queries.find(conversationId, turnId);
    }

    @Override
    public List<Turn> list(ConversationId conversationId, int offset, int limit) {
        return queries.list(conversationId, offset, limit);
    }

    @Override
    public ConversationActivity activity(ConversationId conversationId) {
        return queries.activity(conversationId);
    }

    @Override
    public List<Exchange> history(ConversationId conversationId, TurnId turnId, int limit) {
        return queries.history(conversationId, turnId, limit);
    }

    @Override
    public void renewLeases(NodeId owner, Instant until) {
        jdbc.query(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE turns SET lease_until = ? WHERE status = " + StatusSql.RUNNING + " AND lease_owner = ?")) {
                Jdbc.setInstant(update, 1, Jdbc.storable(until));
                update.setString(2, owner.value());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<Turn> expiredLeases(Instant now, int limit) {
        return queries.expiredLeases(now, limit);
    }

    @Override
    public List<Turn> runningOn(NodeId owner) {
        return queries.runningOn(owner);
    }

    @Override
    public List<ConversationId> stalled(int limit) {
        return queries.stalled(limit);
    }

    private static boolean violates(SQLException e, String constraint) {
        return Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())
                && e instanceof PSQLException psql
                && psql.getServerErrorMessage() != null
                && constraint.equals(psql.getServerErrorMessage().getConstraint());
    }

    /** A live record for the key turned up while recording it: the admission is rolled back. */
    private static final class KeyTaken extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyTaken() {
            super("the idempotency key is live", null, false, false);
        }
    }
}
