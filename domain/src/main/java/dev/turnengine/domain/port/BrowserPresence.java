package dev.turnengine.domain.port;

import dev.turnengine.domain.access.Caller;
import java.time.Instant;

/** Which callers have their browser connected (kept alive by heartbeats). */
public interface BrowserPresence {

    /** Marks the caller's browser connected until {@code until}. */
    void connect(Caller caller, Instant until);

    /** Marks the caller's browser gone. */
    void disconnect(Caller caller);

    /** Whether the caller's browser is connected at {@code now}. */
    boolean isConnected(Caller caller, Instant now);
}
