package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.report.TurnSummary;
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
import java.util.function.Function;

/**
 * Deletes conversations in PostgreSQL. Every step locks the conversation's row first, as every journal
 * writer does, so a turn still running on another node cannot write between the steps: its deltas and its
 * final find the turn ended (or the conversation gone) and are refused or dropped.
 */
public final class PostgresConversationErasure implements ConversationErasure {

    private static final String CHILD_TABLES_DELETE = "DELETE FROM %s WHERE conversation_id = ANY (?)";

    private final Jdbc jdbc;
    private final Channels channels;
    private final JournalFeed feed;

    PostgresConversationErasure(Jdbc jdbc, Channels channels, JournalFeed feed) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.feed = feed;
    }

    @Override
    public Optional<Closed> close(TenantId tenant, ConversationId id, Function<String, TurnFinal> ending, Instant now) {
        Objects.requireNonNull(ending, "ending");
        Instant at = Jdbc.storable(now);
        record Outcome(Closed closed, List<JournalEvent> finals) {
        }
        Optional<Outcome> outcome = jdbc.transaction(connection -> {
            long lastSeq;
            try (PreparedStatement lock = connection.prepareStatement("SELECT tenant, last_seq FROM conversations "
                    + "WHERE conversation_id = ? AND deleted_at IS NULL FOR UPDATE")) {
                lock.setObject(1, id.value());
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next() || !rows.getString(1).equals(tenant.value())) {
                        return Optional.<Outcome>empty();
                    }
                    lastSeq = rows.getLong(2);
                }
            }
            List<TurnSummary> ended = new ArrayList<>();
            Optional<TurnId> running = Optional.empty();
            List<JournalEvent> finals = new ArrayList<>();
            for (ActiveTurn turn : activeTurns(connection, id)) {
                String text = turn.running() ? streamedText(connection, id, turn.id()) : "";
                TurnFinal last = ending.apply(text);
                try (PreparedStatement update = connection.prepareStatement("UPDATE turns SET " + TurnRows.ENDED
                        + " WHERE conversation_id = ? AND turn_id = ?")) {
                    update.setString(1, StatusSql.text(last.status().turnStatus()));
                    update.setString(2, JsonCodec.event(last));
                    Jdbc.setInstant(update, 3, at);
                    update.setObject(4, id.value());
                    update.setObject(5, turn.id().value());
                    update.executeUpdate();
                }
                finals.add(JournalRows.appendOne(connection, id, ++lastSeq, turn.id(), last, at));
                WebhookOutboxRows.enqueue(connection, tenant, id, turn.id(), last, at);
                ended.add(TurnSummary.of(turn.id(), id, turn.acceptedAt(), turn.startedAt(), last, Optional.empty(),
                        now));
                if (turn.running()) {
                    running = Optional.of(turn.id());
                }
            }
            try (PreparedStatement hide = connection.prepareStatement(
                    "UPDATE conversations SET deleted_at = ? WHERE conversation_id = ?")) {
                Jdbc.setInstant(hide, 1, at);
                hide.setObject(2, id.value());
                hide.executeUpdate();
            }
            announceGone(connection, List.of(id.value()));
            return Optional.of(new Outcome(new Closed(ended, running), finals));
        });
        outcome.ifPresent(done -> {
            feed.publish(id, done.finals());
            feed.end(id);
        });
        return outcome.map(Outcome::closed);
    }

    @Override
    public boolean erase(ConversationId id) {
        boolean erased = jdbc.transaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT 1 FROM conversations WHERE conversation_id = ? FOR UPDATE")) {
                lock.setObject(1, id.value());
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            removeRows(connection, List.of(id.value()));
            return true;
        });
        if (erased) {
            feed.end(id);
        }
        return erased;
    }

    @Override
    public List<ConversationId> closedBefore(Instant before, int limit) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT conversation_id FROM conversations "
                    + "WHERE deleted_at IS NOT NULL AND deleted_at < ? ORDER BY deleted_at LIMIT ?")) {
                Jdbc.setInstant(query, 1, Jdbc.storable(before));
                query.setInt(2, Math.max(limit, 0));
                return ids(query);
            }
        });
    }

    @Override
    public List<ConversationId> eraseIdle(Instant idleBefore, int limit) {
        List<ConversationId> erased = jdbc.transaction(connection -> {
            List<ConversationId> victims;
            // SKIP LOCKED passes over conversations being written to; an admit that committed meanwhile moved
            // last_activity_at, which the lock's re-check of the condition sees.
            try (PreparedStatement pick = connection.prepareStatement("SELECT conversation_id FROM conversations c "
                    + "WHERE deleted_at IS NULL AND last_activity_at < ? AND NOT EXISTS (SELECT 1 FROM turns t "
                    + "WHERE t.conversation_id = c.conversation_id AND t.status IN " + StatusSql.ACTIVE + ") "
                    + "ORDER BY last_activity_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                Jdbc.setInstant(pick, 1, Jdbc.storable(idleBefore));
                pick.setInt(2, Math.max(limit, 0));
                victims = ids(pick);
            }
            if (!victims.isEmpty()) {
                removeRows(connection, victims.stream().map(ConversationId::value).toList());
            }
            return victims;
        });
        erased.forEach(feed::end);
        return erased;
    }

    /** Deletes the rows the conversations own (they are locked by the caller) and tells every node. */
    private void removeRows(Connection connection, List<UUID> ids) throws SQLException {
        for (String table : List.of("journal", "idempotency_keys", "tool_calls", "turns", "conversations")) {
            try (PreparedStatement delete = connection.prepareStatement(CHILD_TABLES_DELETE.formatted(table))) {
                delete.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                delete.executeUpdate();
            }
        }
        announceGone(connection, ids);
    }

    /** At commit, every node's open streams of these conversations end after what they can still read. */
    private void announceGone(Connection connection, List<UUID> ids) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement(
                "SELECT pg_notify(?, id::text) FROM unnest(?::uuid[]) AS id")) {
            notify.setString(1, channels.deletions());
            notify.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            notify.execute();
        }
    }

    private record ActiveTurn(TurnId id, boolean running, Instant acceptedAt, Optional<Instant> startedAt) {
    }

    private static List<ActiveTurn> activeTurns(Connection connection, ConversationId id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT turn_id, status, accepted_at, started_at "
                + "FROM turns WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE + " ORDER BY accepted_seq")) {
            query.setObject(1, id.value());
            List<ActiveTurn> turns = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    turns.add(new ActiveTurn(new TurnId(rows.getObject(1, UUID.class)),
                            StatusSql.parse(rows.getString(2)) == TurnStatus.RUNNING,
                            Jdbc.getInstant(rows, "accepted_at"), Jdbc.getOptionalInstant(rows, "started_at")));
                }
            }
            return turns;
        }
    }

    private static String streamedText(Connection connection, ConversationId id, TurnId turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT payload FROM journal "
                + "WHERE conversation_id = ? AND turn_id = ? AND type = 'text_delta' ORDER BY seq")) {
            query.setObject(1, id.value());
            query.setObject(2, turnId.value());
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    text.append(JsonCodec.deltaText(rows.getString(1)));
                }
            }
            return text.toString();
        }
    }

    private static List<ConversationId> ids(PreparedStatement query) throws SQLException {
        List<ConversationId> ids = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(new ConversationId(rows.getObject(1, UUID.class)));
            }
        }
        return ids;
    }
}
