package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.port.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for text deltas: a writer thread takes every delta waiting, from any number of turns, and makes
 * them durable in a single transaction; each appender waits only for the commit that holds its delta. Two
 * writers share the queue and take from it one at a time, so while one batch commits the next is already being
 * gathered and written; the batch size follows the load. While deltas come often, a small batch waits up to
 * {@link #LINGER_NANOS} for more before it is written ({@link DeltaBatches}). A batch is one transaction in one
 * round trip ({@link DeltaBatchWrite}). Other nodes are told after the commit ({@link JournalNotifier}).
 */
final class DeltaWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeltaWriter.class.getName());
    /** Batches in flight at once: one commits while the next is written. */
    static final int WRITERS = 2;
    private static final long MAX_WAIT_SECONDS = 30;
    /**
     * How long a writer holding a small batch waits for more deltas, while deltas of different turns arrive often
     * enough that one is due within twice this ({@link DeltaBatches#lingers}, {@link ArrivalPace}). Each commit
     * costs the database far more than a row in it: in a fan-out of 1,000 deltas a second, batches of one or two
     * cost it some 500 µs of CPU per delta. Deltas that come seldom, and so the first delta after a quiet spell,
     * are written at once.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A batch this large is written without waiting for more. */
    static final int LINGER_BELOW = 8;

    /**
     * One delta waiting for its commit. Whoever claims it first decides its fate: the writer (it goes into
     * a transaction) or the appender giving up (it is never written), so a delta the appender was told had
     * failed can never turn up in the journal afterwards.
     */
    private record Pending(ConversationId conversationId, TurnId turnId, TextDelta delta,
            CompletableFuture<JournalEvent> result, AtomicBoolean claimed) implements DeltaBatchWrite.Delta {
    }

    private final Jdbc jdbc;
    private final JournalFeed feed;
    private final Clock clock;
    private final DeltaBatches<Pending> batches = new DeltaBatches<>(LINGER_NANOS, LINGER_BELOW);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private volatile EngineMetrics metrics = EngineMetrics.none();

    DeltaWriter(Jdbc jdbc, JournalFeed feed, Clock clock) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.clock = clock;
        for (int i = 0; i < WRITERS; i++) {
            threads.add(Thread.ofPlatform().daemon().name("journal-writer-" + i).start(this::run));
        }
    }

    /** Appends a delta and waits until it is committed (or refused). */
    JournalEvent append(ConversationId conversationId, TurnId turnId, TextDelta delta) {
        if (batches.closed()) {
            throw new StorageUnavailableException("the journal is closed", null);
        }
        Pending pending = new Pending(conversationId, turnId, delta, new CompletableFuture<>(), new AtomicBoolean());
        batches.add(pending, turnId);
        try {
            return pending.result().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            if (pending.claimed().compareAndSet(false, true)) {
                throw new StorageUnavailableException("the journal did not commit in time", e);
            }
            return awaitClaimed(pending);
        } catch (InterruptedException e) {
            // An interrupted agent (an interrupt, a timeout, a shutdown) must not be told "not written" about
            // a delta that a commit in flight is writing: the final's text would then miss what was streamed.
            if (pending.claimed().compareAndSet(false, true)) {
                Thread.currentThread().interrupt();
                throw new StorageUnavailableException("interrupted while waiting for the journal", e);
            }
            try {
                return awaitClaimed(pending);
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits, uninterruptibly, for the outcome of a commit that holds the delta. */
    private static JournalEvent awaitClaimed(Pending pending) {
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            throw failure(e.getCause());
        }
    }

    private static RuntimeException failure(Throwable cause) {
        if (cause instanceof RuntimeException failure) {
            return failure;
        }
        return new IllegalStateException("the journal writer failed", cause);
    }

    /** Reports each committed batch to {@code metrics} from now on. */
    void reportTo(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    /** How many transactions the writer has committed. */
    long commits() {
        return commits.get();
    }

    @Override
    public void close() {
        batches.close();
        try {
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batches.drain().forEach(pending -> pending.result().completeExceptionally(
                new StorageUnavailableException("the journal is closed", null)));
    }

    private void run() {
        while (!batches.closed() || !batches.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            try {
                // Interrupted while it gathers, a batch is still written; the next take then ends the thread.
                batches.takeInto(batch, 100, TimeUnit.MILLISECONDS);
                batch.removeIf(pending -> !pending.claimed().compareAndSet(false, true)); // given up on
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "the journal writer failed a batch", e);
                batch.forEach(pending -> pending.result().completeExceptionally(e));
            }
        }
    }

    private void write(List<Pending> batch) {
        Instant at = Jdbc.storable(clock.instant());
        DeltaBatchWrite.Outcome<Pending> outcome;
        long startNanos = System.nanoTime();
        try {
            outcome = jdbc.transaction(connection -> DeltaBatchWrite.store(connection, batch, at));
            metrics.journalBatch(outcome.stored().size(), Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (StorageUnavailableException e) {
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            return;
        }
        commits.incrementAndGet();
        // Subscribers on this node hear of the events at once; other nodes through the notification.
        Map<ConversationId, List<JournalEvent>> byConversation = new LinkedHashMap<>();
        outcome.stored().forEach(event ->
                byConversation.computeIfAbsent(event.conversationId(), id -> new ArrayList<>()).add(event));
        byConversation.forEach(feed::publish);
        outcome.refused().forEach((pending, error) -> pending.result().completeExceptionally(error));
        outcome.events().forEach((pending, event) -> pending.result().complete(event));
    }
}
