package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import java.time.Instant;

/** Heartbeats of the caller's browser, which {@code browser_session} turns need. */
public interface BrowserPresenceUseCase {

    /** Marks the caller's browser connected for the presence window; returns until when. */
    Instant heartbeat(Caller caller);

    /** Marks the caller's browser disconnected. */
    void disconnect(Caller caller);
}
