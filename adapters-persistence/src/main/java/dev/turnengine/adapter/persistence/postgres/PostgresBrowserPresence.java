package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.turn.TurnId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Browser presence in PostgreSQL, so a heartbeat sent to one node counts on every node; a browser_session turn's
 * caller is kept in {@code browser_turns}, removed with its turn.
 */
public final class PostgresBrowserPresence implements BrowserPresence {

    private final Jdbc jdbc;

    PostgresBrowserPresence(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void connect(Caller caller, Instant until) {
        jdbc.query(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO browser_presence (tenant, "
                    + "token_hash, connected_until) VALUES (?, ?, ?) ON CONFLICT (tenant, token_hash) "
                    + "DO UPDATE SET connected_until = excluded.connected_until")) {
                upsert.setString(1, caller.tenant().value());
                upsert.setString(2, caller.token().sha256Hex());
                Jdbc.setInstant(upsert, 3, Jdbc.storable(until));
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void disconnect(Caller caller) {
        jdbc.query(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM browser_presence WHERE tenant = ? AND token_hash = ?")) {
                delete.setString(1, caller.tenant().value());
                delete.setString(2, caller.token().sha256Hex());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public boolean isConnected(Caller caller, Instant now) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM browser_presence "
                    + "WHERE tenant = ? AND token_hash = ? AND connected_until > ?")) {
                query.setString(1, caller.tenant().value());
                query.setString(2, caller.token().sha256Hex());
                Jdbc.setInstant(query, 3, Jdbc.storable(now));
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void attach(ConversationId conversationId, TurnId turnId, Caller caller) {
        jdbc.query(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO browser_turns (conversation_id, "
                    + "turn_id, tenant, token_hash) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, conversationId.value());
                insert.setObject(2, turnId.value());
                insert.setString(3, caller.tenant().value());
                insert.setString(4, caller.token().sha256Hex());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean isTurnBrowserConnected(ConversationId conversationId, TurnId turnId, Instant now) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM browser_turns b "
                    + "JOIN browser_presence p ON p.tenant = b.tenant AND p.token_hash = b.token_hash "
                    + "WHERE b.conversation_id = ? AND b.turn_id = ? AND p.connected_until > ?")) {
                query.setObject(1, conversationId.value());
                query.setObject(2, turnId.value());
                Jdbc.setInstant(query, 3, Jdbc.storable(now));
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }
}
