package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the journal's writer waits for more deltas: the pace of arrivals it sees, and its rule. */
class ArrivalPaceTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String A = "turn a";
    private static final String B = "turn b";

    @Test
    void givenNoArrivalsYet_thenThePaceIsTheLongestGap_andAWriterDoesNotWait() {
        ArrivalPace pace = new ArrivalPace();
        pace.arrived(A, 123 * MS);

        assertThat(pace.averageGapNanos()).isEqualTo(ArrivalPace.MAX_GAP_NANOS);
        assertThat(lingers(1, pace.averageGapNanos())).isFalse();
    }

    @Test
    void givenDeltasOfTwoTurnsEveryMillisecond_thenAWriterWaitsForMore_untilTheyStop() {
        ArrivalPace pace = new ArrivalPace();
        long now = 0;
        for (int i = 0; i < 60; i++) {
            pace.arrived(i % 2 == 0 ? A : B, now += MS);
        }
        assertThat(pace.averageGapNanos()).isBetween(MS, 2 * MS);
        assertThat(lingers(1, pace.averageGapNanos())).isTrue();
        assertThat(lingers(DeltaWriter.LINGER_BELOW, pace.averageGapNanos()))
                .as("a batch large enough goes at once").isFalse();

        pace.arrived(A, now += TimeUnit.SECONDS.toNanos(30));

        assertThat(pace.averageGapNanos()).as("a pause counts as a second at most, and weighs an eighth")
                .isBetween(ArrivalPace.MAX_GAP_NANOS / 8, ArrivalPace.MAX_GAP_NANOS / 8 + 2 * MS);
        assertThat(lingers(1, pace.averageGapNanos())).as("the first delta after a pause goes at once")
                .isFalse();
    }

    @Test
    void givenDeltasEveryTenMilliseconds_thenAWriterNeverWaits() {
        ArrivalPace pace = new ArrivalPace();
        long now = 0;
        for (int i = 0; i < 1_000; i++) {
            pace.arrived(i % 2 == 0 ? A : B, now += 10 * MS);
            assertThat(lingers(1, pace.averageGapNanos())).isFalse();
        }
        assertThat(pace.averageGapNanos()).isBetween(10 * MS - MS / 10, 10 * MS + MS / 10);
    }

    @Test
    void givenOneTurnStreamingEveryMillisecond_thenAWriterNeverWaits_forItsNextDeltaWaitsForThisCommit() {
        ArrivalPace pace = new ArrivalPace();
        long now = 0;
        for (int i = 0; i < 1_000; i++) {
            pace.arrived(A, now += MS);
        }

        assertThat(pace.averageGapNanos()).isEqualTo(ArrivalPace.MAX_GAP_NANOS);
        assertThat(lingers(1, pace.averageGapNanos())).isFalse();
    }

    @Test
    void givenArrivalsOutOfOrderAcrossThreads_thenANegativeGapCountsAsNone() {
        ArrivalPace pace = new ArrivalPace();
        pace.arrived(A, 10 * MS);
        pace.arrived(B, 9 * MS);

        assertThat(pace.averageGapNanos()).isEqualTo(ArrivalPace.MAX_GAP_NANOS - ArrivalPace.MAX_GAP_NANOS / 8);
    }

    /** The journal writer's rule, with its own linger and batch threshold. */
    private static boolean lingers(int size, long averageGapNanos) {
        return DeltaBatches.lingers(size, averageGapNanos, DeltaWriter.LINGER_BELOW, DeltaWriter.LINGER_NANOS);
    }
}
