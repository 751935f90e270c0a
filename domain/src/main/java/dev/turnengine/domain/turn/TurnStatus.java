package dev.turnengine.domain.turn;

/** Where a turn is in its life: queued, then running, then one of three ends. */
public enum TurnStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    INTERRUPTED,
    FAILED;

    /** Whether the turn has ended and has had its {@code final} event. */
    public boolean isTerminal() {
        return this == COMPLETED || this == INTERRUPTED || this == FAILED;
    }

    /** The lower-case name used on the wire and in storage. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
