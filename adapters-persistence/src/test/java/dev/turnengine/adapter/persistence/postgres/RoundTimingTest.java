package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.postgres.RoundTiming.Go;
import dev.turnengine.adapter.persistence.postgres.RoundTiming.Next;
import dev.turnengine.adapter.persistence.postgres.RoundTiming.Wait;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the notifier's next round goes, from the clock, the last round, the refresh, the look and what is pending. */
class RoundTimingTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Any reading will do: {@link System#nanoTime()} has no fixed origin. */
    private static final long NOW = 7_000 * MS;
    /** What {@link NotificationPeers#nanosUntilLook} answers while another node listens. */
    private static final long NEVER = Long.MAX_VALUE;
    /** Far beyond any hold, so that only the hold decides. */
    private static final long REFRESH_LATER = NOW + JournalNotifier.WATCH_REFRESH_NANOS;
    /** Long enough ago that no hold is left. */
    private static final long LONG_AGO = NOW - TimeUnit.SECONDS.toNanos(5);
    private static final long HOLD = RoundTiming.HOLD_NANOS;
    private static final long EARLY = RoundTiming.FULL_ROUND_NANOS;
    private static final int FULL = RoundTiming.FULL_ROUND;

    @Test
    void givenNothingToSend_thenWaitsUntilTheEarlierOfTheLookAndTheRefresh_howeverOldTheLastRound() {
        assertThat(idle(NOW + 2_000 * MS, 700 * MS)).isEqualTo(new Wait(700 * MS));
        assertThat(idle(NOW + 300 * MS, 700 * MS)).isEqualTo(new Wait(300 * MS));
        assertThat(idle(NOW + 300 * MS, NEVER)).isEqualTo(new Wait(300 * MS));
    }

    @Test
    void givenFewerThanAFullRound_thenWaitsOutTheRestOfTheHoldSinceTheLastRound() {
        assertThat(pending(1, NOW)).isEqualTo(new Wait(HOLD));
        assertThat(pending(FULL - 1, NOW - EARLY)).isEqualTo(new Wait(HOLD - EARLY));
        assertThat(pending(1, NOW - HOLD + 1)).isEqualTo(new Wait(1));
        assertThat(pending(0, NOW)).as("a newly watched conversation alone is held like a commit")
                .isEqualTo(new Wait(HOLD));
    }

    @Test
    void givenFewerThanAFullRoundAfterAQuietSpell_thenGoesAtOnce() {
        assertThat(pending(1, NOW - HOLD)).isEqualTo(Go.ROUND);
        assertThat(pending(1, LONG_AGO)).isEqualTo(Go.ROUND);
        assertThat(pending(0, LONG_AGO)).as("a newly watched conversation alone").isEqualTo(Go.ROUND);
    }

    @Test
    void givenAFullRound_thenTheShorterHoldApplies() {
        assertThat(EARLY).isLessThan(HOLD);
        assertThat(pending(FULL, NOW)).isEqualTo(new Wait(EARLY));
        assertThat(pending(FULL, NOW - EARLY + 1)).isEqualTo(new Wait(1));
        assertThat(pending(FULL, NOW - EARLY)).isEqualTo(Go.ROUND);
        assertThat(pending(4 * FULL, NOW - EARLY)).isEqualTo(Go.ROUND);
    }

    @Test
    void givenTheRefreshDeadlinePassed_thenGoesNow_evenWithNothingToSend() {
        assertThat(idle(NOW, NEVER)).isEqualTo(Go.REFRESH);
        assertThat(idle(NOW - MS, NEVER)).isEqualTo(Go.REFRESH);
        assertThat(RoundTiming.next(NOW, NOW, NOW, NEVER, false, 1)).as("however short ago the last round")
                .isEqualTo(Go.REFRESH);
    }

    @Test
    void givenALookForOtherNodesDue_thenGoesNow_evenWithNothingToSend() {
        assertThat(idle(REFRESH_LATER, 0)).isEqualTo(Go.LOOK);
        assertThat(RoundTiming.next(NOW, NOW, REFRESH_LATER, 0, false, 1)).as("however short ago the last round")
                .isEqualTo(Go.LOOK);
    }

    @Test
    void givenAHoldLongerThanTheTimeUntilTheLook_thenWaitsOnlyUntilTheLook() {
        assertThat(RoundTiming.next(NOW, NOW, REFRESH_LATER, 5 * MS, false, 1)).isEqualTo(new Wait(5 * MS));
        assertThat(RoundTiming.next(NOW, NOW, REFRESH_LATER, 1 * MS, false, FULL)).isEqualTo(new Wait(1 * MS));
    }

    @Test
    void givenAHoldLongerThanTheTimeUntilTheRefresh_thenWaitsOnlyUntilTheRefresh() {
        assertThat(RoundTiming.next(NOW, NOW, NOW + 3 * MS, NEVER, false, 1)).isEqualTo(new Wait(3 * MS));
    }

    @Test
    void givenTheClockPassingLongMaxValue_thenDeadlinesStillCompare() {
        // System.nanoTime() may start anywhere, so a deadline may lie past the wrap while the clock does not yet.
        long now = Long.MAX_VALUE - MS;
        long refresh = now + JournalNotifier.WATCH_REFRESH_NANOS;

        assertThat(RoundTiming.next(now, now, refresh, NEVER, true, 0))
                .isEqualTo(new Wait(JournalNotifier.WATCH_REFRESH_NANOS));
        assertThat(RoundTiming.next(now + 2 * MS, now, refresh, NEVER, false, 1)).isEqualTo(new Wait(HOLD - 2 * MS));
        assertThat(RoundTiming.next(now + HOLD, now, refresh, NEVER, false, 1)).isEqualTo(Go.ROUND);
        assertThat(RoundTiming.next(refresh, now, refresh, NEVER, true, 0)).isEqualTo(Go.REFRESH);
    }

    /** Nothing to send, the last round long ago. */
    private static Next idle(long nextRefresh, long untilLook) {
        return RoundTiming.next(NOW, LONG_AGO, nextRefresh, untilLook, true, 0);
    }

    /** Something to send, and neither the refresh nor a look anywhere near. */
    private static Next pending(int conversations, long lastRound) {
        return RoundTiming.next(NOW, lastRound, REFRESH_LATER, NEVER, false, conversations);
    }
}
