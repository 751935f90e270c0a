package dev.turnengine.testkit.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The frames a {@link SseClient} received, how its response ended, and the waits on them, under one monitor. */
final class SseLog {

    private final String path;
    private final List<SseFrame> frames = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private int cursor;
    private SseClient.Ending ending = SseClient.Ending.NONE;
    private String lastId;

    SseLog(String path) {
        this.path = path;
    }

    synchronized void add(SseFrame frame) {
        frames.add(frame);
        if (frame.id() != null) {
            lastId = frame.id();
        }
        notifyAll();
    }

    synchronized void end(SseClient.Ending how) {
        ending = how;
        notifyAll();
    }

    synchronized void refuse(String why) {
        refusals.add(why);
        notifyAll();
    }

    synchronized void wake() {
        notifyAll();
    }

    synchronized Optional<String> lastId() {
        return Optional.ofNullable(lastId);
    }

    synchronized SseClient.Ending ending() {
        return ending;
    }

    synchronized List<SseFrame> events() {
        return frames.stream().filter(SseFrame::isEvent).toList();
    }

    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The next unread frame, or empty once the response ended; fails the test if neither comes in time. */
    synchronized Optional<SseFrame> nextOrEnd(Duration timeout) {
        waitUntil(() -> cursor < frames.size() || ending != SseClient.Ending.NONE, timeout, () -> "frame");
        return cursor < frames.size() ? Optional.of(frames.get(cursor++)) : Optional.empty();
    }

    /** Waits until {@code match} finds something among what arrived; fails the test after {@code timeout}. */
    synchronized SseFrame awaitMatch(Supplier<Optional<SseFrame>> match, Duration timeout, String what) {
        waitUntil(() -> match.get().isPresent(), timeout, () -> what + " on " + path + "; received "
                + events().stream().map(e -> e.id() + ":" + e.type()).collect(Collectors.joining(", ", "[", "]"))
                + ", refused " + refusals);
        return match.get().orElseThrow();
    }

    private void waitUntil(BooleanSupplier ready, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what.get() + " within " + timeout);
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
