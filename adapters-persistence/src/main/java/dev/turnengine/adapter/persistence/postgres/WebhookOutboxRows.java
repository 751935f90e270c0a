package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Writes a turn's webhook delivery inside the transaction that writes its final, when the tenant has an endpoint. */
final class WebhookOutboxRows {

    private WebhookOutboxRows() {
    }

    static void enqueue(Connection connection, TenantId tenant, ConversationId conversationId, TurnId turnId,
            TurnFinal ending, Instant endedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_deliveries (turn_id, tenant, "
                + "conversation_id, outcome, ended_at, next_attempt_at) SELECT ?, ?, ?, ?::json, ?, ? "
                + "WHERE EXISTS (SELECT 1 FROM webhooks WHERE tenant = ?) ON CONFLICT (turn_id) DO NOTHING")) {
            insert.setObject(1, turnId.value());
            insert.setString(2, tenant.value());
            insert.setObject(3, conversationId.value());
            insert.setString(4, JsonCodec.event(ending));
            Jdbc.setInstant(insert, 5, endedAt);
            Jdbc.setInstant(insert, 6, endedAt);
            insert.setString(7, tenant.value());
            insert.executeUpdate();
        }
    }
}
