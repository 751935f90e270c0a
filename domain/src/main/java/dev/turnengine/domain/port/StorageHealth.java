package dev.turnengine.domain.port;

/** Tells whether storage answers right now. */
@FunctionalInterface
public interface StorageHealth {

    /** Whether storage answered a trivial request within a short time. Never throws. */
    boolean isReachable();
}
