package dev.turnengine.application.service;

import dev.turnengine.application.port.in.BrowserPresenceUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.port.BrowserPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Keeps the caller's browser marked connected while it sends heartbeats. */
public final class BrowserPresenceService implements BrowserPresenceUseCase {

    private final BrowserPresence presence;
    private final Duration window;
    private final Clock clock;

    public BrowserPresenceService(BrowserPresence presence, Duration window, Clock clock) {
        this.presence = presence;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Instant heartbeat(Caller caller) {
        Instant until = clock.instant().plus(window);
        presence.connect(caller, until);
        return until;
    }

    @Override
    public void disconnect(Caller caller) {
        presence.disconnect(caller);
    }
}
