package dev.turnengine.domain.lifecycle;

/** Why a running turn was told to stop before its agent finished. */
public enum CancelReason {
    /** A client interrupted it. */
    INTERRUPTED,
    /** It ran longer than the turn timeout. */
    TIMEOUT,
    /** The engine is shutting down. */
    SHUTDOWN
}
