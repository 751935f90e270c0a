package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.TurnId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keyset pages of a tenant's conversations: one index range scan of
 * {@code conversations_tenant_activity} from the cursor, so page n costs what page 1 costs however many
 * conversations the tenant has. Each line's activity comes from the partial indexes on active turns.
 */
final class ConversationPages {

    static final String SQL = "SELECT c.conversation_id, c.tenant, c.agent, c.channel, c.last_turn_channel, "
            + "c.created_at, c.last_activity_at, "
            + "(SELECT t.turn_id FROM turns t WHERE t.conversation_id = c.conversation_id AND t.status = "
            + StatusSql.RUNNING + ") AS running_turn, "
            + "(SELECT count(*) FROM turns t WHERE t.conversation_id = c.conversation_id AND t.status = "
            + StatusSql.QUEUED + ") AS queued_turns "
            + "FROM conversations c WHERE c.tenant = ? AND c.deleted_at IS NULL "
            + "AND (c.last_activity_at, c.conversation_id) < (?, ?) "
            + "ORDER BY c.last_activity_at DESC, c.conversation_id DESC LIMIT ?";

    /** Above every stored instant, so that the first page needs no second statement. */
    private static final Instant TOP = Instant.parse("9999-12-31T00:00:00Z");
    private static final UUID TOP_ID = new UUID(-1L, -1L);

    private ConversationPages() {
    }

    static List<ConversationSummary> page(Jdbc jdbc, TenantId tenant, Optional<ActivityCursor> after, int limit) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(SQL)) {
                query.setString(1, tenant.value());
                Jdbc.setInstant(query, 2, after.map(ActivityCursor::lastActivityAt).orElse(TOP));
                query.setObject(3, after.map(cursor -> cursor.id().value()).orElse(TOP_ID));
                query.setInt(4, Math.max(limit, 0));
                List<ConversationSummary> page = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ConversationId id = new ConversationId(rows.getObject("conversation_id", UUID.class));
                        UUID running = rows.getObject("running_turn", UUID.class);
                        page.add(new ConversationSummary(
                                PostgresConversationStore.conversation(id, rows),
                                Jdbc.getInstant(rows, "last_activity_at"),
                                new ConversationActivity(Optional.ofNullable(running).map(TurnId::new),
                                        rows.getInt("queued_turns"))));
                    }
                }
                return page;
            }
        });
    }
}
