package dev.turnengine.adapter.agent.scripted;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * An agent that plays a fixed script — deltas, then an ending — for tests of code that runs agents.
 *
 * <p>Every run replays the whole script, so one runner can serve many turns. It records each request it
 * is given and lets a test wait for what it has done so far ({@link #awaitStarted(Duration)},
 * {@link #awaitDeltas(int, Duration)}, {@link #awaitWaiting(Duration)} …). In gated mode each delta waits
 * for {@link #allow(int)}, so a test can hold an agent after exactly {@code k} deltas. Waits (delays, the
 * gate, {@link Builder#thenHang()}) end as soon as the turn is cancelled, except
 * {@link Builder#thenHangIgnoringCancellation()}, which only {@link #release()} or a thread interrupt ends.
 */
public final class ScriptedAgentRunner implements AgentRunner {

    private final List<String> deltas;
    private final Duration delay;
    private final boolean gated;
    private final Ending ending;

    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int started;
    private int finished;
    private int emitted;
    private int cancelled;
    private int waiting;
    private long permits;
    private boolean gateOpen;
    private boolean released;

    private ScriptedAgentRunner(Builder builder, Ending ending) {
        this.deltas = builder.deltas;
        this.delay = builder.delay;
        this.gated = builder.gated;
        this.ending = ending;
    }

    /** Starts a script whose runs emit {@code deltas} in order. */
    public static Builder replying(String... deltas) {
        return replying(List.of(deltas));
    }

    /** Starts a script whose runs emit {@code deltas} in order. */
    public static Builder replying(List<String> deltas) {
        return new Builder(deltas);
    }

    /** Starts a script that emits nothing before its ending. */
    public static Builder silent() {
        return replying(List.of());
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        requests.add(request);
        update(() -> started++);
        cancellation.onCancel(() -> update(() -> cancelled++));
        try {
            for (String delta : deltas) {
                if (!delay.isZero() && !pause(cancellation)) {
                    return AgentResult.withoutUsage();
                }
                if (gated && !passGate(cancellation)) {
                    return AgentResult.withoutUsage();
                }
                if (cancellation.isCancelled()) {
                    return AgentResult.withoutUsage();
                }
                output.delta(delta);
                update(() -> emitted++);
            }
            return ending.end(this, cancellation);
        } finally {
            update(() -> finished++);
        }
    }

    /** Lets {@code count} more deltas through the gate (shared by all runs); only meaningful when gated. */
    public void allow(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative");
        }
        update(() -> permits += count);
    }

    /** Opens the gate for good: every delta, now and later, passes at once. */
    public void allowAll() {
        update(() -> gateOpen = true);
    }

    /**
     * Ends every wait, now and later: gates open and hangs (even those ignoring cancellation) return, so
     * a test can free the threads it left hanging.
     */
    public void release() {
        update(() -> {
            gateOpen = true;
            released = true;
        });
    }

    /** Every request this runner was given, in order of arrival. */
    public List<AgentRequest> requests() {
        return List.copyOf(requests);
    }

    /** The latest request this runner was given. */
    public Optional<AgentRequest> lastRequest() {
        List<AgentRequest> all = requests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** How many runs have started. */
    public int startedRuns() {
        return read(() -> started);
    }

    /** How many runs have returned or thrown. */
    public int finishedRuns() {
        return read(() -> finished);
    }

    /** How many deltas all runs together have emitted. */
    public int emittedDeltas() {
        return read(() -> emitted);
    }

    /** How many runs were told to cancel. */
    public int cancelledRuns() {
        return read(() -> cancelled);
    }

    /** Waits until a run has started; false if none did in time. */
    public boolean awaitStarted(Duration timeout) {
        return awaitStarted(1, timeout);
    }

    /** Waits until {@code runs} runs in all have started; false if they did not in time. */
    public boolean awaitStarted(int runs, Duration timeout) {
        return await(() -> started >= runs, timeout);
    }

    /** Waits until {@code runs} runs in all have returned or thrown; false if they did not in time. */
    public boolean awaitFinished(int runs, Duration timeout) {
        return await(() -> finished >= runs, timeout);
    }

    /** Waits until {@code count} deltas in all have been emitted; false if they were not in time. */
    public boolean awaitDeltas(int count, Duration timeout) {
        return await(() -> emitted >= count, timeout);
    }

    /** Waits until {@code runs} runs in all were told to cancel; false if they were not in time. */
    public boolean awaitCancelled(int runs, Duration timeout) {
        return await(() -> cancelled >= runs, timeout);
    }

    /**
     * Waits until some run is parked at the gate or in a hang — with the deltas it emitted so far already
     * delivered; false if none is in time.
     */
    public boolean awaitWaiting(Duration timeout) {
        return await(() -> waiting > 0, timeout);
    }

    private boolean pause(Cancellation cancellation) {
        long deadline = System.nanoTime() + delay.toNanos();
        return waitFor(
                () -> System.nanoTime() - deadline >= 0 || released, cancellation, true, OptionalLong.of(deadline), false);
    }

    private boolean passGate(Cancellation cancellation) {
        return waitFor(() -> {
            if (gateOpen) {
                return true;
            }
            if (permits > 0) {
                permits--;
                return true;
            }
            return false;
        }, cancellation, true, OptionalLong.empty(), true);
    }

    private AgentResult hang(Cancellation cancellation, boolean honourCancellation) {
        waitFor(() -> released, cancellation, honourCancellation, OptionalLong.empty(), true);
        return AgentResult.withoutUsage();
    }

    /**
     * Blocks until {@code ready} holds (checked under the lock); true when it did, false when the wait
     * ended by cancellation (if honoured) or by a thread interrupt, whose flag stays set. The cancel
     * action registered by {@link #run} signals the condition, so a cancellation wakes the wait.
     *
     * @param counted whether the wait counts as parked for {@link #awaitWaiting(Duration)}
     */
    private boolean waitFor(
            BooleanSupplier ready,
            Cancellation cancellation,
            boolean honourCancellation,
            OptionalLong deadline,
            boolean counted) {
        lock.lock();
        if (counted) {
            waiting++;
            changed.signalAll();
        }
        try {
            while (!ready.getAsBoolean()) {
                if (honourCancellation && cancellation.isCancelled()) {
                    return false;
                }
                if (deadline.isPresent()) {
                    changed.awaitNanos(deadline.getAsLong() - System.nanoTime());
                } else {
                    changed.await();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (counted) {
                waiting--;
                changed.signalAll();
            }
            lock.unlock();
        }
    }

    private boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int read(IntSupplier value) {
        lock.lock();
        try {
            return value.getAsInt();
        } finally {
            lock.unlock();
        }
    }

    /** How a run ends once its deltas are out. */
    private sealed interface Ending {

        AgentResult end(ScriptedAgentRunner runner, Cancellation cancellation);
    }

    private record Complete(Optional<Usage> usage) implements Ending {

        @Override
        public AgentResult end(ScriptedAgentRunner runner, Cancellation cancellation) {
            return new AgentResult(usage);
        }
    }

    private record Fail(String code, String message) implements Ending {

        @Override
        public AgentResult end(ScriptedAgentRunner runner, Cancellation cancellation) {
            throw new AgentException(code, message);
        }
    }

    private record Throw(RuntimeException failure) implements Ending {

        @Override
        public AgentResult end(ScriptedAgentRunner runner, Cancellation cancellation) {
            throw failure;
        }
    }

    private record Hang(boolean honourCancellation) implements Ending {

        @Override
        public AgentResult end(ScriptedAgentRunner runner, Cancellation cancellation) {
            return runner.hang(cancellation, honourCancellation);
        }
    }

    /** Builds a script: its deltas, how they are paced, and how each run ends. */
    public static final class Builder {

        private final List<String> deltas;
        private Duration delay = Duration.ZERO;
        private boolean gated;

        private Builder(List<String> deltas) {
            this.deltas = List.copyOf(deltas);
        }

        /** Pauses {@code delay} before each delta; a cancellation cuts the pause short. */
        public Builder withDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay cannot be negative");
            }
            this.delay = delay;
            return this;
        }

        /** Makes each delta wait for {@link ScriptedAgentRunner#allow(int)} or {@code allowAll()}. */
        public Builder gated() {
            this.gated = true;
            return this;
        }

        /** Each run returns normally, reporting no usage. */
        public ScriptedAgentRunner thenComplete() {
            return new ScriptedAgentRunner(this, new Complete(Optional.empty()));
        }

        /** Each run returns normally, reporting {@code usage}. */
        public ScriptedAgentRunner thenComplete(Usage usage) {
            return new ScriptedAgentRunner(this, new Complete(Optional.of(usage)));
        }

        /** Each run throws an {@link AgentException} with this code and message. */
        public ScriptedAgentRunner thenFail(String code, String message) {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            return new ScriptedAgentRunner(this, new Fail(code, message));
        }

        /** Each run throws {@code failure}, as an agent with a bug would. */
        public ScriptedAgentRunner thenThrow(RuntimeException failure) {
            Objects.requireNonNull(failure, "failure");
            return new ScriptedAgentRunner(this, new Throw(failure));
        }

        /** Each run blocks until its turn is cancelled (or the runner released), then returns. */
        public ScriptedAgentRunner thenHang() {
            return new ScriptedAgentRunner(this, new Hang(true));
        }

        /**
         * Each run blocks, deaf to cancellation, until {@link ScriptedAgentRunner#release()} or its thread is
         * interrupted — an agent that never cooperates, for testing turn timeouts.
         */
        public ScriptedAgentRunner thenHangIgnoringCancellation() {
            return new ScriptedAgentRunner(this, new Hang(false));
        }
    }
}
