package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the journal's writers take batches, one at a time, a small batch waiting for more while turns stream. */
class DeltaBatchesTest {

    /** Longer than any test may take, so that a batch that waits for more never stops waiting on its own. */
    private static final long LONG_LINGER = TimeUnit.SECONDS.toNanos(30);
    /** Under half the pace of a turn streaming alone, so that such a turn's deltas are taken at once. */
    private static final long SHORT_LINGER = TimeUnit.MILLISECONDS.toNanos(400);
    private static final int BELOW = 3;
    /** How long a test waits for a thread to get somewhere; reaching it sooner is all any test asserts. */
    private static final long PATIENCE_SECONDS = 10;

    private final List<Thread> takers = new ArrayList<>();

    @AfterEach
    void stopTakers() {
        takers.forEach(Thread::interrupt);
    }

    @Test
    void givenABatchWaitingForMore_whenItsTakerIsInterrupted_thenItGetsWhatItTook_andStaysInterrupted() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);
        Taker taker = lingeringOn(batches, "a1");
        batches.add("b1", "turn b");
        awaitLingering(batches, taker);

        taker.thread().interrupt();

        assertThat(taker.batch()).containsExactly("a1", "b1");
        assertThat(taker.interruptedAfter()).as("the interrupt is kept for the writer to stop on").isTrue();
    }

    @Test
    void givenATakerWaitingForMore_whenAnotherTakes_thenItWaitsItsTurn_andGetsOnlyWhatComesAfter() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);
        Taker first = lingeringOn(batches, "a1");

        Taker second = take(batches);
        await(() -> second.thread().getState() == Thread.State.WAITING, "the second taker waits for the first");
        batches.add("b1", "turn b");
        awaitLingering(batches, first);
        assertThat(second.thread().getState()).as("the second taker still waits").isEqualTo(Thread.State.WAITING);
        batches.add("c1", "turn c");

        assertThat(first.batch()).containsExactly("a1", "b1", "c1");
        batches.add("d1", "turn d");
        batches.add("e1", "turn e");
        batches.add("f1", "turn f");
        assertThat(second.batch()).containsExactly("d1", "e1", "f1");
    }

    @Test
    void givenASmallBatchWaitingForMore_whenDeltasOfOtherTurnsArrive_thenItGathersThemUntilItHoldsEnough() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, 4);
        Taker taker = lingeringOn(batches, "a1");

        batches.add("b1", "turn b");
        awaitLingering(batches, taker);
        batches.add("c1", "turn c");
        awaitLingering(batches, taker);
        batches.add("d1", "turn d");

        assertThat(taker.batch()).containsExactly("a1", "b1", "c1", "d1");
        batches.add("e1", "turn e");
        assertThat(batches.drain()).as("left for the next batch").containsExactly("e1");
    }

    @Test
    void givenAsManyDeltasAsABatchWaitsForOrMore_thenTheyAreTakenAtOnce() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);
        batches.add("a1", "turn a");
        batches.add("b1", "turn b");
        batches.add("c1", "turn c");

        assertThat(take(batches).batch()).containsExactly("a1", "b1", "c1");

        for (int i = 1; i <= 5; i++) {
            batches.add("d" + i, "turn " + i);
        }
        assertThat(take(batches).batch()).containsExactly("d1", "d2", "d3", "d4", "d5");
    }

    @Test
    void givenDeltasOfOneTurnOnly_thenASmallBatchIsTakenAtOnce_forItsNextDeltaWaitsForThisCommit() {
        DeltaBatches<String> batches = new DeltaBatches<>(SHORT_LINGER, BELOW);
        batches.add("a1", "turn a");
        batches.add("a2", "turn a");

        Taker taker = take(batches);

        // Its deltas are queued before it starts, so the taker waits at all only to gather more.
        Thread.State state;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while ((state = taker.thread().getState()) != Thread.State.TERMINATED) {
            assertThat(state).as("the taker waits for more").isNotEqualTo(Thread.State.TIMED_WAITING);
            if (System.nanoTime() - deadline > 0) {
                fail("the taker is not done in time");
            }
            Thread.onSpinWait();
        }
        assertThat(taker.batch()).containsExactly("a1", "a2");
    }

    @Test
    void givenClosed_thenASmallBatchIsTakenAtOnce() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);
        batches.close();
        batches.add("a1", "turn a");
        batches.add("b1", "turn b");

        assertThat(take(batches).batch()).containsExactly("a1", "b1");
    }

    @Test
    void givenMoreThanABatchHolds_thenTheRestIsLeftForTheNext() {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);
        List<String> added = new ArrayList<>();
        for (int i = 0; i <= DeltaBatches.MAX_BATCH; i++) {
            added.add("d" + i);
            batches.add("d" + i, "turn " + i % 2);
        }

        assertThat(take(batches).batch()).containsExactlyElementsOf(added.subList(0, DeltaBatches.MAX_BATCH));
        assertThat(batches.isEmpty()).isFalse();
        assertThat(batches.drain()).containsExactly(added.getLast());
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void givenNothingArrives_thenAnEmptyBatch() throws InterruptedException {
        DeltaBatches<String> batches = new DeltaBatches<>(LONG_LINGER, BELOW);

        List<String> batch = new ArrayList<>();
        batches.takeInto(batch, 1, TimeUnit.MILLISECONDS);

        assertThat(batch).isEmpty();
    }

    /** A thread taking one batch, so that the test can watch how it waits. */
    private record Taker(Thread thread, CompletableFuture<List<String>> taken, AtomicBoolean interrupted) {

        List<String> batch() {
            try {
                return taken.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no batch was taken", e);
            }
        }

        boolean interruptedAfter() {
            batch();
            return interrupted.get();
        }
    }

    private Taker take(DeltaBatches<String> batches) {
        CompletableFuture<List<String>> taken = new CompletableFuture<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread thread = Thread.ofPlatform().daemon().name("taker-" + takers.size()).unstarted(() -> {
            try {
                List<String> batch = new ArrayList<>();
                batches.takeInto(batch, PATIENCE_SECONDS, TimeUnit.SECONDS);
                interrupted.set(Thread.currentThread().isInterrupted());
                taken.complete(batch);
            } catch (InterruptedException | RuntimeException e) {
                taken.completeExceptionally(e);
            }
        });
        takers.add(thread);
        thread.start();
        return new Taker(thread, taken, interrupted);
    }

    /** A taker that has taken {@code item} (of turn a) and now waits for more. */
    private Taker lingeringOn(DeltaBatches<String> batches, String item) {
        batches.add(item, "turn a");
        Taker taker = take(batches);
        awaitLingering(batches, taker);
        return taker;
    }

    /**
     * Waits until the taker waits for more: it has taken everything queued and sleeps in the queue, which it does
     * only while it gathers (its first item was queued before it started, or it would sleep there for that too).
     */
    private static void awaitLingering(DeltaBatches<String> batches, Taker taker) {
        await(() -> batches.isEmpty() && taker.thread().getState() == Thread.State.TIMED_WAITING,
                "the taker waits for more");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
    }
}
