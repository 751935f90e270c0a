package dev.turnengine.adapter.persistence.feed;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Delivers a journal's events to its live subscriptions: each subscription pulls from the journal after
 * its own cursor, so a wake-up can be lost or repeated without losing or repeating an event.
 *
 * <p>Idle subscriptions cost one small object each; a subscription only holds a (virtual) thread while
 * it has events to deliver. Appenders never block on subscribers: they only announce new sequences.
 */
public final class JournalFeed {

    /** Reads stored events: the source of truth every delivery comes from. */
    @FunctionalInterface
    public interface EventSource {

        /** Events of the conversation with a sequence above {@code afterSeq}, oldest first, at most {@code limit}. */
        List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit);
    }

    /** Hears of every publication: how a journal shared by several nodes tells the others. */
    @FunctionalInterface
    public interface PublishListener {

        /** The conversation's journal reached the last of {@code events}, just made durable here (in order). */
        void published(ConversationId conversationId, List<JournalEvent> events);
    }

    private final Map<ConversationId, FeedTopic> topics = new ConcurrentHashMap<>();
    private final EventSource source;
    private final Executor executor;
    private volatile PublishListener publishListener = (conversationId, events) -> { };
    private volatile Consumer<ConversationId> watchListener = conversationId -> { };

    /** A feed reading from {@code source} and delivering on threads of {@code executor} (virtual threads suit it). */
    public JournalFeed(EventSource source, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** A feed delivering on a new virtual thread per burst of events. */
    public static JournalFeed onVirtualThreads(EventSource source) {
        return new JournalFeed(source, task -> Thread.ofVirtual().name("journal-feed").start(task));
    }

    /** Subscribes as {@link TurnJournal#subscribe} describes; the first events arrive on another thread. */
    public Subscription subscribe(
            ConversationId conversationId, long afterSeq, TurnJournal.JournalListener listener) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(listener, "listener");
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq cannot be negative");
        }
        FeedSubscription[] created = new FeedSubscription[1];
        boolean[] first = new boolean[1];
        topics.compute(conversationId, (id, topic) -> {
            first[0] = topic == null;
            FeedTopic target = topic == null ? new FeedTopic() : topic;
            created[0] = new FeedSubscription(this, id, target, afterSeq, listener);
            target.subscribers().add(created[0]);
            target.touch();
            return target;
        });
        if (first[0]) {
            watchListener.accept(conversationId);
        }
        created[0].wake();
        return created[0];
    }

    /**
     * Announces events just made durable, in sequence order; they are remembered for fast delivery and
     * the conversation's subscriptions are woken. Does nothing when nobody subscribes.
     */
    public void publish(ConversationId conversationId, List<JournalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        publishListener.published(conversationId, events);
        receive(conversationId, events);
    }

    /** Sets who hears of every publication (see {@link PublishListener}); the last one set counts. */
    public void onPublish(PublishListener listener) {
        this.publishListener = Objects.requireNonNull(listener, "listener");
    }

    /** Sets who hears of each conversation that gets its first subscription here; the last one set counts. */
    public void onWatch(Consumer<ConversationId> listener) {
        this.watchListener = Objects.requireNonNull(listener, "listener");
    }

    /** The conversations that have subscriptions right now. */
    public List<ConversationId> watched() {
        return List.copyOf(topics.keySet());
    }

    /**
     * The newest sequence of the conversation this feed has heard of (published, received, announced or read),
     * or 0 when nobody here watches it.
     */
    public long latestKnown(ConversationId conversationId) {
        FeedTopic topic = topics.get(conversationId);
        return topic == null ? 0 : topic.latestKnown();
    }

    /** Announces that the conversation's journal reached {@code latestSeq} somewhere else (another node). */
    public void announce(ConversationId conversationId, long latestSeq) {
        FeedTopic topic = topics.get(conversationId);
        if (topic != null && topic.learnLatest(latestSeq)) {
            topic.wakeAll();
        }
    }

    /**
     * Takes events that another node made durable (and sent along with its announcement): they are remembered
     * for delivery like this node's own, so its subscribers need not read them back from the journal. Unlike
     * {@link #publish}, nobody else is told. Subscribers behind the remembered window read the journal as ever.
     */
    public void receive(ConversationId conversationId, List<JournalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        FeedTopic topic = topics.get(conversationId);
        if (topic != null) {
            topic.remember(events);
            topic.wakeAll();
        }
    }

    /** Makes every subscription look in the journal again, for when announcements may have been missed. */
    public void recheckAll() {
        topics.values().forEach(FeedTopic::recheckAll);
    }

    /**
     * Ends the conversation's subscriptions, each once it has delivered whatever it can still read from the
     * journal: the conversation was deleted.
     */
    public void end(ConversationId conversationId) {
        FeedTopic topic = topics.get(conversationId);
        if (topic != null) {
            topic.subscribers().forEach(FeedSubscription::end);
        }
    }

    /** Ends every subscription with {@code error}, for a journal that is shutting down. */
    public void failAll(RuntimeException error) {
        topics.values().forEach(topic -> topic.subscribers().forEach(subscription -> subscription.fail(error)));
    }

    EventSource source() {
        return source;
    }

    Executor executor() {
        return executor;
    }

    void remove(ConversationId conversationId, FeedSubscription subscription) {
        topics.computeIfPresent(conversationId, (id, topic) -> {
            topic.subscribers().remove(subscription);
            return topic.subscribers().isEmpty() ? null : topic;
        });
    }
}
