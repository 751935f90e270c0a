package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.turn.TurnStatus;
import java.util.Locale;

/**
 * The one place the {@code turns.status} column's spelling comes from: SQL literals derived from
 * {@link TurnStatus}'s wire names, for every query that filters or sets a status, and the parse back.
 */
final class StatusSql {

    /** {@code 'queued'}. */
    static final String QUEUED = literal(TurnStatus.QUEUED);
    /** {@code 'running'}. */
    static final String RUNNING = literal(TurnStatus.RUNNING);
    /** {@code 'completed'}. */
    static final String COMPLETED = literal(TurnStatus.COMPLETED);
    /** {@code 'interrupted'}. */
    static final String INTERRUPTED = literal(TurnStatus.INTERRUPTED);
    /** {@code ('queued', 'running')}: a turn that has not ended, for {@code status IN …}. */
    static final String ACTIVE = "(" + QUEUED + ", " + RUNNING + ")";

    private StatusSql() {
    }

    /** The status as stored (a bound parameter's value). */
    static String text(TurnStatus status) {
        return status.wireName();
    }

    /** The status a stored value names. */
    static TurnStatus parse(String stored) {
        return TurnStatus.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    private static String literal(TurnStatus status) {
        return "'" + text(status) + "'";
    }
}
