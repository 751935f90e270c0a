package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.turnengine.domain.port.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for text deltas: one writer thread takes every delta waiting, from any number of turns,
 * and makes them durable in a single transaction; each appender waits only for the commit that holds its
 * delta. While one commit is in flight the next batch gathers, so the batch size follows the load.
 */
final class DeltaWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeltaWriter.class.getName());
    private static final int MAX_BATCH = 1_000;
    private static final long MAX_WAIT_SECONDS = 30;

    /**
     * One delta waiting for its commit. Whoever claims it first decides its fate: the writer (it goes into
     * a transaction) or the appender giving up (it is never written), so a delta the appender was told had
     * failed can never turn up in the journal afterwards.
     */
    private record Pending(ConversationId conversationId, TurnId turnId, TextDelta delta,
            CompletableFuture<JournalEvent> result, AtomicBoolean claimed) {
    }

    private record Outcome(List<JournalEvent> stored, Map<Pending, RuntimeException> refused,
            Map<Pending, JournalEvent> events) {
    }

    private final Jdbc jdbc;
    private final Channels channels;
    private final JournalFeed feed;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;
    private volatile EngineMetrics metrics = EngineMetrics.none();

    DeltaWriter(Jdbc jdbc, Channels channels, JournalFeed feed, Clock clock) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.feed = feed;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("journal-writer").start(this::run);
    }

    /** Appends a delta and waits until it is committed (or refused). */
    JournalEvent append(ConversationId conversationId, TurnId turnId, TextDelta delta) {
        if (closed) {
            throw new StorageUnavailableException("the journal is closed", null);
        }
        Pending pending = new Pending(conversationId, turnId, delta, new CompletableFuture<>(), new AtomicBoolean());
        queue.add(pending);
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
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.result().completeExceptionally(
                new StorageUnavailableException("the journal is closed", null)));
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
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
        Outcome outcome;
        long startNanos = System.nanoTime();
        try {
            outcome = jdbc.transaction(connection -> store(connection, batch, at));
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

    private Outcome store(Connection connection, List<Pending> batch, Instant at) throws SQLException {
        Set<UUID> conversationIds = new HashSet<>();
        Set<UUID> turnIds = new HashSet<>();
        for (Pending pending : batch) {
            conversationIds.add(pending.conversationId().value());
            turnIds.add(pending.turnId().value());
        }
        // Lock the counters in one order, so writers on several nodes cannot deadlock.
        Map<UUID, Long> lastSeq = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement("SELECT conversation_id, last_seq FROM conversations "
                + "WHERE conversation_id = ANY (?) ORDER BY conversation_id FOR UPDATE")) {
            lock.setArray(1, connection.createArrayOf("uuid", conversationIds.toArray()));
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    lastSeq.put(rows.getObject(1, UUID.class), rows.getLong(2));
                }
            }
        }
        Set<List<UUID>> running = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT conversation_id, turn_id FROM turns "
                + "WHERE conversation_id = ANY (?) AND turn_id = ANY (?) AND status = " + StatusSql.RUNNING)) {
            query.setArray(1, connection.createArrayOf("uuid", conversationIds.toArray()));
            query.setArray(2, connection.createArrayOf("uuid", turnIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    running.add(List.of(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class)));
                }
            }
        }
        Map<Pending, RuntimeException> refused = new HashMap<>();
        Map<Pending, JournalEvent> events = new LinkedHashMap<>();
        for (Pending pending : batch) {
            UUID conversation = pending.conversationId().value();
            if (!lastSeq.containsKey(conversation)) {
                refused.put(pending, new IllegalArgumentException("no conversation " + pending.conversationId()));
            } else if (!running.contains(List.of(conversation, pending.turnId().value()))) {
                refused.put(pending, new IllegalStateException("turn " + pending.turnId() + " is not running"));
            } else {
                long seq = lastSeq.merge(conversation, 1L, Long::sum);
                events.put(pending, new JournalEvent(pending.conversationId(), seq, pending.turnId(), pending.delta(), at));
            }
        }
        if (events.isEmpty()) {
            return new Outcome(List.of(), refused, events);
        }
        List<JournalEvent> stored = new ArrayList<>(events.values());
        stored.sort(Comparator.comparing((JournalEvent event) -> event.conversationId().value())
                .thenComparingLong(JournalEvent::seq));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO journal (" + JournalRows.COLUMNS + ") VALUES (?, ?, ?, ?, ?::json, ?)")) {
            for (JournalEvent event : stored) {
                JournalRows.bindInsert(insert, event);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<UUID> updatedIds = new ArrayList<>();
        List<Long> updatedSeqs = new ArrayList<>();
        for (JournalEvent event : stored) {
            if (!updatedIds.isEmpty() && updatedIds.getLast().equals(event.conversationId().value())) {
                updatedSeqs.set(updatedSeqs.size() - 1, event.seq());
            } else {
                updatedIds.add(event.conversationId().value());
                updatedSeqs.add(event.seq());
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE conversations c SET last_seq = v.seq "
                + "FROM unnest(?::uuid[], ?::bigint[]) AS v(id, seq) WHERE c.conversation_id = v.id")) {
            update.setArray(1, connection.createArrayOf("uuid", updatedIds.toArray()));
            update.setArray(2, connection.createArrayOf("bigint", updatedSeqs.toArray()));
            update.executeUpdate();
        }
        JournalRows.announce(connection, channels, stored);
        return new Outcome(stored, refused, events);
    }
}
