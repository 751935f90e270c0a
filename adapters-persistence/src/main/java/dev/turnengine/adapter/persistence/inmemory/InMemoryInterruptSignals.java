package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Interrupt requests passed straight to this process's listeners, on the requesting thread. */
public final class InMemoryInterruptSignals implements InterruptSignals {

    private static final System.Logger LOG = System.getLogger(InMemoryInterruptSignals.class.getName());

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    InMemoryInterruptSignals() {
    }

    @Override
    public void request(ConversationId conversationId, TurnId turnId) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        for (Listener listener : listeners) {
            try {
                listener.interruptRequested(conversationId, turnId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an interrupt listener failed", e);
            }
        }
    }

    @Override
    public Subscription listen(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Listener registered = listener::interruptRequested; // a distinct identity, so removal is exact
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }
}
