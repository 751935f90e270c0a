package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.ConversationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Conversations in PostgreSQL. */
public final class PostgresConversationStore implements ConversationStore {

    private final Jdbc jdbc;

    PostgresConversationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(Conversation conversation) {
        int inserted = jdbc.query(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations (conversation_id, "
                    + "tenant, agent, channel, last_turn_channel, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (conversation_id) DO NOTHING")) {
                insert.setObject(1, conversation.id().value());
                insert.setString(2, conversation.tenant().value());
                insert.setString(3, conversation.agent());
                insert.setString(4, conversation.channel());
                insert.setString(5, conversation.lastTurnChannel());
                Jdbc.setInstant(insert, 6, Jdbc.storable(conversation.createdAt()));
                Jdbc.setInstant(insert, 7, Jdbc.storable(conversation.createdAt()));
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new IllegalStateException("conversation " + conversation.id() + " already exists");
        }
    }

    @Override
    public Optional<Conversation> find(TenantId tenant, ConversationId id) {
        return get(id).filter(conversation -> conversation.tenant().equals(tenant));
    }

    @Override
    public Optional<Conversation> get(ConversationId id) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT tenant, agent, channel, "
                    + "last_turn_channel, created_at FROM conversations WHERE conversation_id = ? AND deleted_at IS NULL")) {
                query.setObject(1, id.value());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(conversation(id, rows)) : Optional.<Conversation>empty();
                }
            }
        });
    }

    @Override
    public List<ConversationSummary> page(TenantId tenant, Optional<ActivityCursor> after, int limit) {
        return ConversationPages.page(jdbc, tenant, after, limit);
    }

    static Conversation conversation(ConversationId id, ResultSet rows) throws SQLException {
        return new Conversation(id, new TenantId(rows.getString("tenant")), rows.getString("agent"),
                rows.getString("channel"), rows.getString("last_turn_channel"), Jdbc.getInstant(rows, "created_at"));
    }
}
