package dev.turnengine.application.execution;

import dev.turnengine.domain.port.IdempotencyRecords;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * Deletes idempotency keys past their retention, once a minute on the executor's timer. It touches no
 * turn; {@link TurnExecutor} schedules it apart from {@link TurnRecovery} so a slow purge never delays
 * recovery, and a failed sweep never skips a purge.
 */
final class IdempotencyPurge {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = System.getLogger(IdempotencyPurge.class.getName());

    private final IdempotencyRecords idempotency;
    private final Clock clock;

    IdempotencyPurge(IdempotencyRecords idempotency, Clock clock) {
        this.idempotency = idempotency;
        this.clock = clock;
    }

    void purge() {
        try {
            idempotency.purgeExpired(clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purging expired idempotency keys failed; retrying in "
                    + INTERVAL.toSeconds() + " s", e);
        }
    }
}
