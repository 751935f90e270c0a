package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.port.BrowserPresence;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Browser presence kept in memory; an entry past its time simply reads as disconnected. */
public final class InMemoryBrowserPresence implements BrowserPresence {

    private final Map<Caller, Instant> connectedUntil = new ConcurrentHashMap<>();

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
}
