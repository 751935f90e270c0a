package dev.turnengine.domain.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule that keeps a double-clicked Stop from ending the wrong turn: an interrupt that names no turn
 * spares a turn that started less than {@link #WINDOW} after the last interrupt that ended a turn of the
 * same conversation (interrupts that ended nothing do not count). Pure.
 */
public final class RepeatedInterrupt {

    /** How long after an interrupt ended a turn the next turn is safe from an interrupt that names none. */
    public static final Duration WINDOW = Duration.ofSeconds(2);

    private RepeatedInterrupt() {
    }

    /**
     * Whether an interrupt without a turn id must leave the running turn alone.
     *
     * @param startedAt when the running turn started
     * @param lastInterruptEnded when the conversation's last turn ended by an interrupt ended, if one did
     */
    public static boolean spares(Instant startedAt, Optional<Instant> lastInterruptEnded) {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastInterruptEnded, "lastInterruptEnded");
        return lastInterruptEnded
                .filter(ended -> !startedAt.isBefore(ended) && startedAt.isBefore(ended.plus(WINDOW)))
                .isPresent();
    }
}
