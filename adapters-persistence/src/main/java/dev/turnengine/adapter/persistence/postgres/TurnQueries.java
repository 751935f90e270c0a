package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.tool.ToolStep;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The read-only queries of {@link PostgresTurnStore}. */
final class TurnQueries {

    private final Jdbc jdbc;

    TurnQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Turn> find(ConversationId conversationId, TurnId turnId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + TurnRows.COLUMNS + " FROM turns WHERE conversation_id = ? AND turn_id = ?")) {
                query.setObject(1, conversationId.value());
                query.setObject(2, turnId.value());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(TurnRows.turn(rows)) : Optional.<Turn>empty();
                }
            }
        });
    }

    List<Turn> list(ConversationId conversationId, int offset, int limit) {
        return turns("SELECT " + TurnRows.COLUMNS + " FROM turns WHERE conversation_id = ? "
                + "ORDER BY accepted_seq OFFSET ? LIMIT ?", statement -> {
                    statement.setObject(1, conversationId.value());
                    statement.setInt(2, Math.max(offset, 0));
                    statement.setInt(3, Math.max(limit, 0));
                });
    }

    ConversationActivity activity(ConversationId conversationId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT turn_id, status FROM turns "
                    + "WHERE conversation_id = ? AND status IN " + StatusSql.ACTIVE)) {
                query.setObject(1, conversationId.value());
                Optional<TurnId> running = Optional.empty();
                int queued = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (StatusSql.parse(rows.getString("status")) == TurnStatus.RUNNING) {
                            running = Optional.of(new TurnId(rows.getObject("turn_id", UUID.class)));
                        } else {
                            queued++;
                        }
                    }
                }
                return new ConversationActivity(running, queued);
            }
        });
    }

    List<Exchange> history(ConversationId conversationId, TurnId turnId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // One transaction for both statements: a read-only commit costs the database little, but it is a commit.
        return jdbc.transaction(connection -> history(connection, conversationId, turnId, limit));
    }

    /** The completed exchanges before the turn, oldest first, read on {@code connection}. */
    static List<Exchange> history(Connection connection, ConversationId conversationId, TurnId turnId, int limit)
            throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT " + HISTORY_COLUMNS + " FROM turns "
                + "WHERE conversation_id = ? AND status = " + StatusSql.COMPLETED + " AND accepted_seq < "
                + "(SELECT accepted_seq FROM turns WHERE conversation_id = ? AND turn_id = ?) "
                + "ORDER BY accepted_seq DESC LIMIT ?")) {
            query.setObject(1, conversationId.value());
            query.setObject(2, conversationId.value());
            query.setObject(3, turnId.value());
            query.setInt(4, limit);
            try (ResultSet rows = query.executeQuery()) {
                return history(connection, conversationId, rows);
            }
        }
    }

    /**
     * What a history query (on {@code turns}) selects: with each turn, whether it called tools, so the query for
     * the tool steps is made only for conversations that have some (most have none).
     */
    static final String HISTORY_COLUMNS = "turn_id, message, outcome, EXISTS (SELECT 1 FROM journal j "
            + "WHERE j.conversation_id = turns.conversation_id AND j.turn_id = turns.turn_id AND j.type = 'tool_call') "
            + "AS called_tools";

    /**
     * The exchanges of history rows ({@link #HISTORY_COLUMNS} of completed turns, newest first), oldest first,
     * with their tool steps read on {@code connection}.
     */
    static List<Exchange> history(Connection connection, ConversationId conversationId, ResultSet rows)
            throws SQLException {
        return rows.next() ? historyFromCurrentRow(connection, conversationId, rows) : List.of();
    }

    /**
     * As {@link #history(Connection, ConversationId, ResultSet)}, from rows already on their first row, as an outer
     * join gives them: a row whose {@code turn_id} is null stands for no earlier turn.
     */
    static List<Exchange> historyFromCurrentRow(Connection connection, ConversationId conversationId, ResultSet rows)
            throws SQLException {
        List<HistoryRow> newestFirst = new ArrayList<>();
        do {
            if (rows.getObject("turn_id") != null) {
                row(rows).ifPresent(newestFirst::add);
            }
        } while (rows.next());
        Map<UUID, List<ToolStep>> steps = ToolSteps.of(connection, conversationId,
                newestFirst.stream().filter(HistoryRow::calledTools).map(HistoryRow::turnId).toList());
        List<Exchange> result = new ArrayList<>();
        for (HistoryRow row : newestFirst.reversed()) {
            result.add(new Exchange(row.userText(), row.replyText(), steps.getOrDefault(row.turnId(), List.of())));
        }
        return List.copyOf(result);
    }

    /** An earlier turn as history; an undecodable one is left out rather than failing the turn that asks. */
    private static Optional<HistoryRow> row(ResultSet rows) throws SQLException {
        try {
            return Optional.of(new HistoryRow(rows.getObject("turn_id", UUID.class),
                    JsonCodec.message(rows.getString("message")).text(),
                    JsonCodec.ending(rows.getString("outcome")).text(), rows.getBoolean("called_tools")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The parts of an earlier turn its exchange is made of. */
    private record HistoryRow(UUID turnId, String userText, String replyText, boolean calledTools) {
    }

    List<TurnId> queued(ConversationId conversationId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT turn_id FROM turns "
                    + "WHERE conversation_id = ? AND status = " + StatusSql.QUEUED + " ORDER BY accepted_seq")) {
                query.setObject(1, conversationId.value());
                List<TurnId> ids = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(new TurnId(rows.getObject(1, UUID.class)));
                    }
                }
                return List.copyOf(ids);
            }
        });
    }

    Optional<Instant> lastInterruptedAt(ConversationId conversationId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT max(finished_at) FROM turns "
                    + "WHERE conversation_id = ? AND status = " + StatusSql.INTERRUPTED
                    + " AND json_typeof(outcome -> 'error') IS DISTINCT FROM 'object'")) {
                query.setObject(1, conversationId.value());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return Jdbc.getOptionalInstant(rows, "max");
                }
            }
        });
    }

    List<Turn> expiredLeases(Instant now, int limit) {
        return turns("SELECT " + TurnRows.COLUMNS + " FROM turns WHERE status = " + StatusSql.RUNNING + " AND lease_until < ? "
                + "ORDER BY lease_until LIMIT ?", statement -> {
                    Jdbc.setInstant(statement, 1, Jdbc.storable(now));
                    statement.setInt(2, Math.max(limit, 0));
                });
    }

    List<Turn> runningOn(NodeId owner) {
        return turns("SELECT " + TurnRows.COLUMNS + " FROM turns WHERE status = " + StatusSql.RUNNING + " AND lease_owner = ? "
                + "ORDER BY started_at", statement -> statement.setString(1, owner.value()));
    }

    int queuedCount() {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(*) FROM turns WHERE status = " + StatusSql.QUEUED);
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    List<ConversationId> stalled(int limit) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT q.conversation_id FROM turns q "
                    + "WHERE q.status = " + StatusSql.QUEUED + " AND NOT EXISTS (SELECT 1 FROM turns r "
                    + "WHERE r.conversation_id = q.conversation_id AND r.status = " + StatusSql.RUNNING + ") "
                    + "GROUP BY q.conversation_id ORDER BY min(q.accepted_at) LIMIT ?")) {
                query.setInt(1, Math.max(limit, 0));
                List<ConversationId> ids = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(new ConversationId(rows.getObject(1, UUID.class)));
                    }
                }
                return List.copyOf(ids);
            }
        });
    }

    /** Binds a query's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<Turn> turns(String sql, Binder binder) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                binder.bind(query);
                List<Turn> turns = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        turns.add(TurnRows.turn(rows));
                    }
                }
                return List.copyOf(turns);
            }
        });
    }
}
