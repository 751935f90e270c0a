package dev.turnengine.application.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TurnDeadlineTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final TurnDeadline deadline = new TurnDeadline(Duration.ofSeconds(10), nanos::get);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void givenRunningDeadline_whenTimePasses_thenRemainingShrinksAndGoesNegative() {
        advance(Duration.ofSeconds(4));
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(6));

        advance(Duration.ofSeconds(7));
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(-1));
    }

    @Test
    void givenPausedDeadline_whenTimePasses_thenThePauseDoesNotCount() {
        advance(Duration.ofSeconds(3));
        deadline.pause();
        advance(Duration.ofHours(2));

        assertThat(deadline.remaining()).isEmpty();

        deadline.resume();
        advance(Duration.ofSeconds(1));
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(6));
    }

    @Test
    void givenNestedPauses_whenOneResumes_thenClockStaysStoppedUntilTheLast() {
        deadline.pause();
        deadline.pause();
        deadline.resume();
        advance(Duration.ofMinutes(5));

        assertThat(deadline.remaining()).isEmpty();

        deadline.resume();
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(10));
    }

    @Test
    void givenWaiter_whenDeadlinePausesOrResumes_thenItIsWoken() {
        CompletableFuture<Void> beforePause = deadline.changed();
        deadline.pause();
        CompletableFuture<Void> beforeResume = deadline.changed();

        assertThat(beforePause).isDone();
        assertThat(beforeResume).isNotDone();

        deadline.resume();
        assertThat(beforeResume).isDone();
    }

    @Test
    void givenNoPause_whenResumed_thenRefused() {
        assertThatThrownBy(deadline::resume).isInstanceOf(IllegalStateException.class);
    }
}
