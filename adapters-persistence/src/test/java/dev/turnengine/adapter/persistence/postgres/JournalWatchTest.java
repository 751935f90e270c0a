package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The periodic check stands in for notifications that never came, and leaves alone those merely on their way.
 * Here the feed listens to nothing, so the only news it gets is what the test hands it or the check finds.
 */
class JournalWatchTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");

    private final AtomicInteger reads = new AtomicInteger();
    private final List<JournalEvent> heard = new CopyOnWriteArrayList<>();
    private PostgresStorage writer;
    private JournalFeed feed;
    private JournalWatch watch;
    private Subscription subscription;
    private ConversationId conversation;
    private TurnId turn;

    @BeforeEach
    void watchARunningTurn() {
        writer = DATABASE.storage();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(DATABASE.url().jdbcUrl());
        DATABASE.url().user().ifPresent(dataSource::setUser);
        DATABASE.url().password().ifPresent(dataSource::setPassword);
        Jdbc jdbc = new Jdbc(dataSource);
        feed = JournalFeed.onVirtualThreads((id, afterSeq, limit) -> {
            reads.incrementAndGet();
            return PostgresTurnJournal.read(jdbc, id, afterSeq, limit);
        });
        watch = new JournalWatch(jdbc, feed, Duration.ofDays(1).toMillis()); // checks only when told here

        Conversation started = Conversation.start(TENANT, "echo", "web", Instant.now());
        writer.conversations().create(started);
        conversation = started.id();
        Admission admission = writer.turns().admit(new Admission.Request(TENANT, conversation, TurnId.random(),
                UserMessage.text("hi"), "web", Optional.empty(), false, Instant.now())
                .startingIfIdle(new Admission.Start(new NodeId("writer"), Instant.now().plusSeconds(60), 0)));
        turn = ((Admission.Admitted) admission).turn().id();
        subscription = feed.subscribe(conversation, 0, heard::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2); // accepted and started, read once
    }

    @AfterEach
    void stop() {
        subscription.close();
        watch.close();
    }

    @Test
    void givenACommitNobodyAnnounced_thenTheSecondCheckAnnouncesIt_andTheStreamReadsIt() {
        writer.journal().appendDelta(conversation, turn, new TextDelta("lost"));
        int before = reads.get();

        watch.checkOnce();
        assertThat(reads.get()).isEqualTo(before);
        assertThat(heard).hasSize(2);

        watch.checkOnce();
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
        assertThat(heard.getLast().event()).isEqualTo(new TextDelta("lost"));
        assertThat(reads.get()).isGreaterThan(before);
    }

    @Test
    void givenTheNotificationArrivesBetweenTwoChecks_thenNeitherCheckMakesTheStreamRead() {
        JournalEvent committed = writer.journal().appendDelta(conversation, turn, new TextDelta("on its way"));
        int before = reads.get();

        watch.checkOnce();
        feed.receive(conversation, List.of(committed)); // the notification, late
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
        watch.checkOnce();
        watch.checkOnce();

        assertThat(reads.get()).isEqualTo(before);
        assertThat(heard.getLast().event()).isEqualTo(new TextDelta("on its way"));
    }

    @Test
    void givenNewsKeepsComingWithItsNotifications_thenTheChecksNeverAnnounce() {
        int before = reads.get();
        for (int i = 0; i < 5; i++) {
            JournalEvent committed = writer.journal().appendDelta(conversation, turn, new TextDelta("tick " + i));
            watch.checkOnce(); // sees the commit before its notification every time
            feed.receive(conversation, List.of(committed));
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.getLast().equals(committed));
        }
        watch.checkOnce();

        assertThat(reads.get()).isEqualTo(before);
        assertThat(heard).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
}
