package dev.turnengine.domain.port;

/** Something a port delivers until closed (journal events, interrupt requests). Closing twice is harmless. */
public interface Subscription extends AutoCloseable {

    /** Stops delivery; no call to the listener starts after this returns. */
    @Override
    void close();
}
