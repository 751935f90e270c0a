package dev.turnengine.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatedInterruptTest {

    private static final Instant ENDED = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void givenTurnStartedJustAfterAnInterruptEndedThePreviousOne_thenSpared() {
        assertThat(RepeatedInterrupt.spares(ENDED.plusMillis(5), Optional.of(ENDED))).isTrue();
        assertThat(RepeatedInterrupt.spares(ENDED.plusMillis(1_999), Optional.of(ENDED))).isTrue();
    }

    @Test
    void givenTurnStartedTwoSecondsLaterOrBefore_orNoInterruptEver_thenNotSpared() {
        assertThat(RepeatedInterrupt.spares(ENDED.plusSeconds(2), Optional.of(ENDED))).isFalse();
        assertThat(RepeatedInterrupt.spares(ENDED.minusMillis(1), Optional.of(ENDED)))
                .as("a turn running since before the interrupt").isFalse();
        assertThat(RepeatedInterrupt.spares(ENDED, Optional.empty())).isFalse();
    }
}
