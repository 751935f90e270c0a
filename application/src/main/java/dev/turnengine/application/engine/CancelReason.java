package dev.turnengine.application.engine;

/** Why a running turn was told to stop. */
enum CancelReason {
    /** A client interrupted it. */
    INTERRUPTED,
    /** It ran longer than the turn timeout. */
    TIMEOUT,
    /** The engine is shutting down. */
    SHUTDOWN
}
