package dev.turnengine.adapter.persistence.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Watchers of one conversation on a node share the journal reads that news from elsewhere causes. */
class JournalFeedSharedReadTest {

    private static final int WATCHERS = 20;

    @Test
    void givenManyWatchersOfOneConversation_whenAnotherNodeAnnouncesNews_thenTheJournalIsReadAboutOnceForAll()
            throws Exception {
        ConversationId id = ConversationId.random();
        List<JournalEvent> stored = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        JournalFeed feed = JournalFeed.onVirtualThreads((conversation, afterSeq, limit) -> {
            reads.incrementAndGet();
            try {
                gate.get().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return stored.stream().filter(event -> event.seq() > afterSeq).limit(limit).toList();
        });
        List<List<JournalEvent>> received = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            List<JournalEvent> events = new CopyOnWriteArrayList<>();
            received.add(events);
            subscriptions.add(feed.subscribe(id, 0, events::add));
        }
        // Every catch-up read is done: watchers subscribing at the same time may share one, so wait for quiet.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            int seen = reads.get();
            Thread.sleep(200);
            return seen > 0 && reads.get() == seen;
        });
        int before = reads.get();
        gate.set(release);
        stored.add(new JournalEvent(id, 1, TurnId.random(), new TextDelta("news"), Instant.now()));

        feed.announce(id, 1);
        Thread.sleep(300); // the watchers wake and wait on the one read in flight
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(events -> events.size() == 1));
        assertThat(reads.get() - before).isBetween(1, 3);
        subscriptions.forEach(Subscription::close);
    }
}
