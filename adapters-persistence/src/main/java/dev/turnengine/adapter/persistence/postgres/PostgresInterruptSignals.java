package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interrupt requests told at once to this node's listeners and, through a notification, to every other
 * node's. A request is also stored on the running turn: notifications sent while a node's LISTEN
 * connection is down are lost, so on every (re)connection the node is told the stored requests again.
 */
public final class PostgresInterruptSignals implements InterruptSignals {

    private static final System.Logger LOG = System.getLogger(PostgresInterruptSignals.class.getName());

    private final Jdbc jdbc;
    private final Channels channels;
    /** Tells this node's own notifications from other nodes', which it has already delivered. */
    private final String origin = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    PostgresInterruptSignals(Jdbc jdbc, Channels channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    @Override
    public void request(ConversationId conversationId, TurnId turnId) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        deliver(conversationId, turnId);
        jdbc.transaction(connection -> {
            try (PreparedStatement store = connection.prepareStatement("UPDATE turns SET interrupt_requested_at = "
                    + "now() WHERE conversation_id = ? AND turn_id = ? AND status = " + StatusSql.RUNNING + " "
                    + "AND interrupt_requested_at IS NULL")) {
                store.setObject(1, conversationId.value());
                store.setObject(2, turnId.value());
                store.executeUpdate();
            }
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, channels.interrupts());
                notify.setString(2, origin + ":" + conversationId + ":" + turnId);
                return notify.execute();
            }
        });
    }

    /**
     * Tells this node's listeners again of every stored request for a turn still running, for when the
     * notifications of some may have been missed. Runs on the connection that has just started to listen,
     * so that a request is either among these or announced to it.
     */
    void redeliverStored(Connection connection) throws SQLException {
        if (listeners.isEmpty()) {
            return;
        }
        record Stored(ConversationId conversationId, TurnId turnId) {
        }
        List<Stored> stored = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT conversation_id, turn_id FROM turns "
                + "WHERE status = " + StatusSql.RUNNING + " AND interrupt_requested_at IS NOT NULL")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(new Stored(new ConversationId(rows.getObject(1, UUID.class)),
                            new TurnId(rows.getObject(2, UUID.class))));
                }
            }
        }
        stored.forEach(request -> deliver(request.conversationId(), request.turnId()));
    }

    @Override
    public Subscription listen(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Listener registered = listener::interruptRequested; // a distinct identity, so removal is exact
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** Handles a notification from the interrupt channel. */
    void notified(String payload) {
        String[] parts = payload.split(":");
        if (parts.length != 3 || parts[0].equals(origin)) {
            return;
        }
        Optional<ConversationId> conversationId = ConversationId.parse(parts[1]);
        Optional<TurnId> turnId = TurnId.parse(parts[2]);
        if (conversationId.isPresent() && turnId.isPresent()) {
            deliver(conversationId.get(), turnId.get());
        }
    }

    private void deliver(ConversationId conversationId, TurnId turnId) {
        for (Listener listener : listeners) {
            try {
                listener.interruptRequested(conversationId, turnId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an interrupt listener failed", e);
            }
        }
    }
}
