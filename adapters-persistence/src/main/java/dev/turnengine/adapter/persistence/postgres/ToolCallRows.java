package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The statements on {@code tool_calls} rows, run inside the caller's transaction. */
final class ToolCallRows {

    private static final String COLUMNS =
            "call_id, name, executor, requires_approval, waiting_for, decision, browser_result, closed";

    private ToolCallRows() {
    }

    /** Whether the turn is running now (under the conversation's row lock, it stays so until commit). */
    static boolean isRunning(Connection connection, ConversationId conversationId, TurnId turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT status = " + StatusSql.RUNNING + " FROM turns WHERE conversation_id = ? AND turn_id = ?")) {
            query.setObject(1, conversationId.value());
            query.setObject(2, turnId.value());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    static void requireRunning(Connection connection, ConversationId conversationId, TurnId turnId)
            throws SQLException {
        if (!isRunning(connection, conversationId, turnId)) {
            throw new IllegalStateException("turn " + turnId + " is not running");
        }
    }

    /** Inserts a new call's record; false when the turn already has a call of that id. */
    static boolean insert(Connection connection, ConversationId conversationId, TurnId turnId, long callSeq,
            ToolCallRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tool_calls (conversation_id, turn_id, "
                + "call_seq, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, false) "
                + "ON CONFLICT DO NOTHING")) {
            insert.setObject(1, conversationId.value());
            insert.setObject(2, turnId.value());
            insert.setLong(3, callSeq);
            insert.setString(4, record.callId());
            insert.setString(5, record.name());
            insert.setString(6, record.executor().name().toLowerCase(Locale.ROOT));
            insert.setBoolean(7, record.requiresApproval());
            insert.setString(8, record.waitingFor().map(WaitingFor::wireName).orElse(null));
            return insert.executeUpdate() == 1;
        }
    }

    static Optional<ToolCallRecord> find(Connection connection, ConversationId conversationId, TurnId turnId,
            String callId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM tool_calls WHERE conversation_id = ? AND turn_id = ? AND call_id = ?")) {
            bindKey(query, conversationId, turnId, callId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(record(rows)) : Optional.empty();
            }
        }
    }

    static List<ToolCallRecord> waiting(Connection connection, ConversationId conversationId, TurnId turnId)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM tool_calls "
                + "WHERE conversation_id = ? AND turn_id = ? AND waiting_for IS NOT NULL ORDER BY call_seq")) {
            query.setObject(1, conversationId.value());
            query.setObject(2, turnId.value());
            List<ToolCallRecord> records = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    records.add(record(rows));
                }
            }
            return records;
        }
    }

    /** Writes a record's changeable state back. */
    static void update(Connection connection, ConversationId conversationId, TurnId turnId, ToolCallRecord record)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE tool_calls SET waiting_for = ?, "
                + "decision = ?::json, browser_result = ?::json, closed = ? WHERE conversation_id = ? AND turn_id = ? AND call_id = ?")) {
            update.setString(1, record.waitingFor().map(WaitingFor::wireName).orElse(null));
            update.setString(2, record.decision().map(d -> JsonCodec.write(ToolJson.decision(d))).orElse(null));
            update.setString(3, record.browserResult().map(r -> JsonCodec.write(ToolJson.browserResult(r)))
                    .orElse(null));
            update.setBoolean(4, record.closed());
            update.setObject(5, conversationId.value());
            update.setObject(6, turnId.value());
            update.setString(7, record.callId());
            update.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, ConversationId conversationId, TurnId turnId,
            String callId) throws SQLException {
        statement.setObject(1, conversationId.value());
        statement.setObject(2, turnId.value());
        statement.setString(3, callId);
    }

    private static ToolCallRecord record(ResultSet rows) throws SQLException {
        String waiting = rows.getString("waiting_for");
        String decision = rows.getString("decision");
        String browserResult = rows.getString("browser_result");
        return new ToolCallRecord(
                rows.getString("call_id"),
                rows.getString("name"),
                ToolJson.executor(rows.getString("executor")),
                rows.getBoolean("requires_approval"),
                Optional.ofNullable(waiting).map(w -> WaitingFor.valueOf(w.toUpperCase(Locale.ROOT))),
                Optional.ofNullable(decision).map(d -> ToolJson.decision(JsonCodec.read(d))),
                Optional.ofNullable(browserResult).map(r -> ToolJson.browserResult(JsonCodec.read(r))),
                rows.getBoolean("closed"));
    }
}
