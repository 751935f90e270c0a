package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Browser presence kept in memory; an entry past its time simply reads as disconnected. */
public final class InMemoryBrowserPresence implements BrowserPresence {

    private final Map<Caller, Instant> connectedUntil = new ConcurrentHashMap<>();
    private final Map<TurnId, Caller> turnCallers = new ConcurrentHashMap<>();

    InMemoryBrowserPresence() {
    }

    @Override
    public void connect(Caller caller, Instant until) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(until, "until");
        connectedUntil.put(caller, until);
    }

    @Override
    public void disconnect(Caller caller) {
        connectedUntil.remove(caller);
    }

    @Override
    public boolean isConnected(Caller caller, Instant now) {
        Instant until = connectedUntil.get(caller);
        return until != null && now.isBefore(until);
    }

    @Override
    public void attach(ConversationId conversationId, TurnId turnId, Caller caller) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(caller, "caller");
        turnCallers.putIfAbsent(turnId, caller);
    }

    @Override
    public boolean isTurnBrowserConnected(ConversationId conversationId, TurnId turnId, Instant now) {
        Caller caller = turnCallers.get(turnId);
        return caller != null && isConnected(caller, now);
    }
}
