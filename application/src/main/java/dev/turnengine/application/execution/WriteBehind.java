package dev.turnengine.application.execution;

import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Journals a turn's text behind its agent, for a journal whose appends wait for a commit: the agent's delta
 * returns at once; one append is in flight, and the text that arrives meanwhile goes out as one delta when it is
 * done. Past {@link #MAX_PENDING_CHARS} unwritten characters the agent waits. Every method runs with the turn's
 * output lock held; the writer thread takes it between appends. Part of {@link RunningTurn}.
 */
final class WriteBehind {

    /** Unwritten text past which an agent writing faster than the journal commits waits. */
    static final int MAX_PENDING_CHARS = 64 * 1024;

    private final ReentrantLock lock;
    private final Condition changed;
    private final Consumer<String> written;
    private final Consumer<String> append;
    private final String threadName;
    private final StringBuilder pending = new StringBuilder();
    private boolean writing;
    private boolean stopped;
    private long given;
    private long stored;
    private RuntimeException failure;

    /**
     * @param written told (under the lock) of each piece of text once it is durable
     * @param append journals a piece of text, waiting for its commit (called without the lock)
     */
    WriteBehind(ReentrantLock lock, Consumer<String> written, Consumer<String> append, String threadName) {
        this.lock = lock;
        this.changed = lock.newCondition();
        this.written = written;
        this.append = append;
        this.threadName = threadName;
    }

    /** Takes the agent's text; throws the failure of an earlier append, if one failed. */
    void add(String delta) {
        if (failure != null) {
            throw failure;
        }
        pending.append(delta);
        given += delta.length();
        startWriter();
        while (pending.length() > MAX_PENDING_CHARS && failure == null) {
            changed.awaitUninterruptibly();
        }
    }

    /** Waits until everything given so far is durable (not what is given meanwhile). */
    void drain() {
        long target = given;
        while (stored < target && failure == null && !stopped) {
            startWriter();
            changed.awaitUninterruptibly();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Lets the append in flight finish and returns the text not written, for the final to carry. */
    String stop() {
        if (stopped) {
            return "";
        }
        stopped = true;
        while (writing) {
            changed.awaitUninterruptibly();
        }
        String unwritten = failure == null ? pending.toString() : "";
        pending.setLength(0);
        return unwritten;
    }

    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    private void startWriter() {
        if (!writing && !stopped && !pending.isEmpty()) {
            writing = true;
            Thread.ofVirtual().name(threadName).start(this::write);
        }
    }

    private void write() {
        while (true) {
            String chunk;
            lock.lock();
            try {
                if (stopped || pending.isEmpty()) {
                    writing = false;
                    changed.signalAll();
                    return;
                }
                chunk = pending.toString();
                pending.setLength(0);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            RuntimeException failed = null;
            try {
                append.accept(chunk);
            } catch (RuntimeException e) {
                failed = e;
            }
            lock.lock();
            try {
                if (failed != null) {
                    failure = failed;
                    pending.setLength(0);
                    writing = false;
                    changed.signalAll();
                    return;
                }
                written.accept(chunk);
                stored += chunk.length();
            } finally {
                lock.unlock();
            }
        }
    }
}
