package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.adapter.persistence.postgres.JournalRows.LockedConversation;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.TurnStore.Finished;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.util.PSQLException;

/** Turns in PostgreSQL; each lifecycle step is one transaction under the conversation's row lock. */
public final class PostgresTurnStore implements TurnStore {

    private static final String IDEMPOTENCY_KEY_CONSTRAINT = "idempotency_keys_pkey";

    private final Jdbc jdbc;
    private final JournalFeed feed;
    private final IdempotencyRecords idempotency;
    private final TurnQueries queries;

    PostgresTurnStore(Jdbc jdbc, Channels channels, JournalFeed feed, IdempotencyRecords idempotency) {
        this.jdbc = jdbc;
        this.queries = new TurnQueries(jdbc);
        this.feed = feed;
        this.idempotency = idempotency;
    }

    @Override
    public Admission admit(Admission.Request request) {
        Objects.requireNonNull(request, "request");
        Instant now = Jdbc.storable(request.now());
        Admission admission;
        try {
            admission = PostgresAdmission.admit(jdbc, request, now);
        } catch (PostgresAdmission.KeyTaken | SQLException e) {
            if (e instanceof PostgresAdmission.KeyTaken || violates((SQLException) e, IDEMPOTENCY_KEY_CONSTRAINT)) {
                // Admits of one conversation queue on its row lock, so this only happens if some writer
                // skipped that lock; either way the key's existing turn is the one, and ours wrote nothing.
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
            feed.publish(request.conversationId(), PostgresAdmission.events(admitted.turn(), request));
        }
        return admission;
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
                    turn = TurnRows.strictTurn(rows); // undecodable: rolled back, the caller ends it
                }
            }
            return Optional.of(new Started(turn, JournalRows.appendOne(connection, conversationId,
                    conversation.get().lastSeq() + 1, turn.id(), new TurnStarted(), startedAt)));
        });
        started.ifPresent(it -> feed.publish(conversationId, List.of(it.event())));
        return started.map(Started::turn);
    }

    @Override
    public Optional<Finished> finish(
            ConversationId conversationId, TurnId turnId, Optional<TextDelta> lastText, TurnFinal ending, Instant now) {
        Objects.requireNonNull(lastText, "lastText");
        return end(conversationId, turnId, lastText, ending, now, StatusSql.ACTIVE);
    }

    @Override
    public Optional<JournalEvent> cancelQueued(
            ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant now) {
        return end(conversationId, turnId, Optional.empty(), ending, now, "(" + StatusSql.QUEUED + ")")
                .map(Finished::event);
    }

    /**
     * Ends the turn if its status is one of {@code statuses} (an SQL list), journaling {@code lastText} right
     * before the final.
     */
    private Optional<Finished> end(ConversationId conversationId, TurnId turnId, Optional<TextDelta> lastText,
            TurnFinal ending, Instant now, String statuses) {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(ending, "ending");
        Instant finishedAt = Jdbc.storable(now);
        Optional<TurnEnding.Ended> ended = jdbc.transaction(connection ->
                TurnEnding.end(connection, conversationId, turnId, lastText, ending, finishedAt, statuses));
        ended.ifPresent(it -> feed.publish(conversationId, it.events()));
        return ended.map(it -> new Finished(it.events().getLast(), it.queuedBehind()));
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
    public Turn loadAttachments(Turn turn) {
        return AttachmentRows.load(jdbc, turn);
    }

    @Override
    public List<TurnId> queued(ConversationId conversationId) {
        return queries.queued(conversationId);
    }

    @Override
    public Optional<Instant> lastInterruptedAt(ConversationId conversationId) {
        return queries.lastInterruptedAt(conversationId);
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

    @Override
    public int queuedCount() {
        return queries.queuedCount();
    }

    private static boolean violates(SQLException e, String constraint) {
        return Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())
                && e instanceof PSQLException psql
                && psql.getServerErrorMessage() != null
                && constraint.equals(psql.getServerErrorMessage().getConstraint());
    }
}
