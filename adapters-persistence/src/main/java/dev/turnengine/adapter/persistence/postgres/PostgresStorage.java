package dev.turnengine.adapter.persistence.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.port.WebhookOutbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Every storage port on one PostgreSQL database: a connection pool, the schema migrated at start, a
 * group-committing journal writer and a LISTEN connection that hears other nodes. Several processes may
 * share one database. Close it to stop its threads and connections.
 */
public final class PostgresStorage implements Storage {

    private static final System.Logger LOG = System.getLogger(PostgresStorage.class.getName());
    /** How often the conversations watched here are checked for events whose notification never came. */
    private static final long WATCH_PERIOD_MILLIS = 500; // a lost notification is made up for within two periods

    /** How every node's connections begin their names. */
    private static final String NODE_PREFIX = "turn-engine-";

    /** This storage's connections call themselves this (the listener's and the notifier's add to it). */
    private final String applicationName = NODE_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    private final HikariDataSource pool;
    private final JournalFeed feed;
    private final DeltaWriter writer;
    private final JournalNotifier notifier;
    private final NotificationKey notificationKey;
    private final LongAdder feedReads = new LongAdder();
    private final JournalWatch watch;
    private final NotificationListener listener;
    private final PostgresConversationStore conversations;
    private final PostgresTurnStore turns;
    private final PostgresTurnJournal journal;
    private final PostgresIdempotencyRecords idempotency;
    private final PostgresAccessTokens tokens;
    private final PostgresBrowserPresence presence;
    private final PostgresInterruptSignals interrupts;
    private final PostgresConversationErasure erasure;
    private final PostgresWebhookEndpoints webhooks;
    private final PostgresWebhookOutbox outbox;
    private final PostgresToolCallStore toolCalls;

    /** Connects to {@code databaseUrl} (either URL form), migrates the schema and starts; see {@link DatabaseUrl}. */
    public PostgresStorage(String databaseUrl) {
        this(databaseUrl, PostgresOptions.defaults());
    }

    /** Connects to {@code databaseUrl} with {@code options}, migrates the schema and starts. */
    public PostgresStorage(String databaseUrl, PostgresOptions options) {
        this(DatabaseUrl.parse(databaseUrl), Clock.systemUTC(), options);
    }

    /** Connects, migrates the schema and starts, stamping text deltas with {@code clock}. */
    public PostgresStorage(DatabaseUrl url, Clock clock) {
        this(url, clock, PostgresOptions.defaults());
    }

    /** Connects with {@code options}, migrates the schema and starts, stamping text deltas with {@code clock}. */
    public PostgresStorage(DatabaseUrl url, Clock clock, PostgresOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        this.pool = PostgresPool.open(url, applicationName, options.poolSize());
        Jdbc jdbc = new Jdbc(pool);
        try {
            PostgresPool.migrate(pool, url.schema());
            this.notificationKey = NotificationKey.load(jdbc);
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageUnavailableException("could not migrate the database schema: " + e.getMessage(), e);
        }
        Channels channels = Channels.forSchema(url.schema());
        this.feed = JournalFeed.onVirtualThreads((conversationId, afterSeq, limit) -> {
            feedReads.increment();
            return PostgresTurnJournal.read(jdbc, conversationId, afterSeq, limit);
        });
        // Listeners are named after the schema's channels, so a notifier can tell whether any other node listens.
        String ownListener = channels.listenerName(applicationName);
        this.notifier = new JournalNotifier(url, applicationName + "-notifier", channels.journal(),
                new NotificationPeers(channels.listenerName(NODE_PREFIX + "%"), ownListener), notificationKey,
                feed::watched);
        feed.onPublish(notifier::committed);
        feed.onWatch(notifier::watching);
        this.writer = new DeltaWriter(jdbc, feed, clock);
        this.conversations = new PostgresConversationStore(jdbc);
        this.idempotency = new PostgresIdempotencyRecords(jdbc);
        this.turns = new PostgresTurnStore(jdbc, channels, feed, idempotency);
        this.journal = new PostgresTurnJournal(jdbc, writer, feed);
        this.tokens = new PostgresAccessTokens(jdbc, options.tokenCacheTtl());
        this.presence = new PostgresBrowserPresence(jdbc);
        this.interrupts = new PostgresInterruptSignals(jdbc, channels);
        this.erasure = new PostgresConversationErasure(jdbc, channels, feed);
        this.webhooks = new PostgresWebhookEndpoints(jdbc);
        this.outbox = new PostgresWebhookOutbox(jdbc);
        this.toolCalls = new PostgresToolCallStore(jdbc, channels, feed, clock);
        // What each channel this node listens on is for: one table, so the channels and their handling cannot drift.
        Map<String, Consumer<String>> handlers = Map.of(
                channels.journal(), this::journalNotified,
                channels.interrupts(), interrupts::notified,
                channels.deletions(), payload -> ConversationId.parse(payload).ifPresent(feed::end),
                channels.toolAnswers(), toolCalls::notified);
        this.listener = new NotificationListener(url, ownListener, List.copyOf(handlers.keySet()),
                (channel, payload) -> handlers.getOrDefault(channel, ignored -> { }).accept(payload),
                connection -> {
                    // Whatever was announced while not listening is lost: look at the source of truth again.
                    feed.recheckAll();
                    interrupts.redeliverStored(connection);
                    toolCalls.redeliverStored(connection);
                });
        this.watch = new JournalWatch(jdbc, feed, WATCH_PERIOD_MILLIS);
        try {
            if (!listener.awaitListening(5_000)) {
                LOG.log(System.Logger.Level.WARNING, "not yet listening for other nodes' events; retrying in the background");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public TurnStore turns() {
        return turns;
    }

    @Override
    public TurnJournal journal() {
        return journal;
    }

    @Override
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    @Override
    public AccessTokens tokens() {
        return tokens;
    }

    @Override
    public BrowserPresence presence() {
        return presence;
    }

    @Override
    public InterruptSignals interrupts() {
        return interrupts;
    }

    @Override
    public ConversationErasure erasure() {
        return erasure;
    }

    @Override
    public WebhookEndpoints webhooks() {
        return webhooks;
    }

    @Override
    public WebhookOutbox outbox() {
        return outbox;
    }

    @Override
    public ToolCallStore toolCalls() {
        return toolCalls;
    }

    /** Whether a pooled connection answers within about a second (longer only while the pool waits for one). */
    @Override
    public StorageHealth health() {
        return () -> {
            try (Connection connection = pool.getConnection()) {
                return connection.isValid(1);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        };
    }

    /** Stops the writer (after committing what is pending), the listener and the pool; subscriptions end. */
    @Override
    public void close() {
        writer.close();
        notifier.close();
        watch.close();
        listener.close();
        feed.failAll(new StorageUnavailableException("the storage was closed", null));
        pool.close();
    }

    private void journalNotified(String payload) {
        if (NotificationMessages.carriesEvents(payload)) {
            NotificationMessages.parseEvents(payload, notificationKey).forEach(feed::receive);
        } else if (NotificationMessages.isWatching(payload)) {
            notifier.heard(payload);
        } else {
            NotificationMessages.parse(payload).forEach(feed::announce);
        }
    }

    /** The journal reads this node's streams have made (each shared by the watchers of a conversation). */
    long feedReads() {
        return feedReads.sum();
    }

    /** What this node tells other nodes (tests read its counts). */
    JournalNotifier notifier() {
        return notifier;
    }

    String applicationName() {
        return applicationName;
    }

    /** How many transactions the journal writer has committed. */
    long journalCommits() {
        return writer.commits();
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    /**
     * Reports journal batches to {@code metrics} and the connection pool's meters to {@code meterRegistry} (a
     * Micrometer {@code MeterRegistry}, as HikariCP takes it; empty for none). Call once, right after start.
     */
    public void reportTo(EngineMetrics metrics, Optional<Object> meterRegistry) {
        writer.reportTo(metrics);
        meterRegistry.ifPresent(pool::setMetricRegistry);
    }
}
