package dev.turnengine.domain.turn;

/** How a turn ended, as told by its {@code final} event. */
public enum FinalStatus {
    COMPLETED,
    INTERRUPTED,
    FAILED;

    /** The turn status this ending leaves the turn in. */
    public TurnStatus turnStatus() {
        return switch (this) {
            case COMPLETED -> TurnStatus.COMPLETED;
            case INTERRUPTED -> TurnStatus.INTERRUPTED;
            case FAILED -> TurnStatus.FAILED;
        };
    }

    /** The lower-case name used on the wire and in storage. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
