package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.TurnId;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interrupt requests told at once to this node's listeners and, through a notification, to every other
 * node's. A request made while a node's notification connection is down does not reach that node.
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
        jdbc.query(connection -> {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, channels.interrupts());
                notify.setString(2, origin + ":" + conversationId + ":" + turnId);
                return notify.execute();
            }
        });
    }

    @Override
    public TurnJournal.Subscription listen(Listener listener) {
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
