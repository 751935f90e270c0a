package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.event.TurnEvent;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tool calls earlier turns made, paired with their results from the journal, as history for the agent. */
final class ToolSteps {

    private ToolSteps() {
    }

    /** Each turn's calls with their results, in the order the results came; turns without calls are left out. */
    static Map<UUID, List<ToolStep>> of(Connection connection, ConversationId conversationId, List<UUID> turnIds)
            throws SQLException {
        Map<UUID, List<ToolStep>> steps = new HashMap<>();
        if (turnIds.isEmpty()) {
            return steps;
        }
        Map<String, ToolCall> calls = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT turn_id, type, payload FROM journal "
                + "WHERE conversation_id = ? AND turn_id = ANY (?) AND type IN ('tool_call', 'tool_result') "
                + "ORDER BY seq")) {
            query.setObject(1, conversationId.value());
            query.setArray(2, connection.createArrayOf("uuid", turnIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID turnId = rows.getObject(1, UUID.class);
                    TurnEvent event = JsonCodec.event(rows.getString(2), rows.getString(3));
                    if (event instanceof ToolCallEvent call) {
                        calls.put(turnId + "/" + call.callId(), call.call());
                    } else if (event instanceof ToolResultEvent result) {
                        ToolCall call = calls.remove(turnId + "/" + result.callId());
                        if (call != null) {
                            steps.computeIfAbsent(turnId, id -> new ArrayList<>()).add(new ToolStep(call, result.result()));
                        }
                    }
                }
            }
        }
        return steps;
    }
}
