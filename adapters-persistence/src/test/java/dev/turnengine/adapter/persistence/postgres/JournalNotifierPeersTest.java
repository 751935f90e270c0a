package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node tells other nodes of new events only while another node listens on its schema, and gathers a busy
 * spell's commits into few notification rounds.
 */
class JournalNotifierPeersTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");

    private static Conversation created(PostgresStorage node) {
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        node.conversations().create(conversation);
        return conversation;
    }

    private static Conversation admitOne(PostgresStorage node) {
        Conversation conversation = created(node);
        node.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(), UserMessage.text("hi"),
                "web", Optional.empty(), false, Instant.now()));
        return conversation;
    }

    @Test
    void givenNoOtherNode_thenNothingIsNotified_andOnceAnotherListensItHearsAtOnce() throws Exception {
        PostgresStorage alone = DATABASE.storage();
        DATABASE.freshStorage();
        admitOne(alone); // the first commit has the notifier look for other nodes
        Thread.sleep(1_200);
        long before = alone.notifier().rounds();
        long gatheredBefore = alone.notifier().gathered();

        for (int i = 0; i < 20; i++) {
            admitOne(alone);
        }
        Thread.sleep(300);
        assertThat(alone.notifier().rounds()).isEqualTo(before);
        assertThat(alone.notifier().gathered()).as("commits are not even gathered while nobody listens")
                .isEqualTo(gatheredBefore);

        PostgresStorage other = DATABASE.open();
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        alone.conversations().create(conversation);
        List<JournalEvent> heard = new CopyOnWriteArrayList<>();
        try (Subscription subscription = other.journal().subscribe(conversation.id(), 0, heard::add)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                alone.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(),
                        UserMessage.text("hi"), "web", Optional.empty(), false, Instant.now()));
                Thread.sleep(100);
                return alone.notifier().rounds() > before;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        } finally {
            DATABASE.close(other);
        }
    }

    @Test
    void givenAnotherNodeListening_whenOneNodeAdmitsInABurst_thenFewRoundsTellTheOtherEverything() throws Exception {
        PostgresStorage writer = DATABASE.storage();
        PostgresStorage other = DATABASE.open();
        try {
            List<Conversation> conversations = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
                writer.conversations().create(conversation);
                conversations.add(conversation);
            }
            List<JournalEvent> heard = new CopyOnWriteArrayList<>();
            List<Subscription> subscriptions = new java.util.ArrayList<>();
            for (Conversation conversation : conversations) {
                subscriptions.add(other.journal().subscribe(conversation.id(), 0, heard::add));
            }
            // Until the writer has seen the listener, nothing is sent: wait for a first round to get through.
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                admit(writer, conversations.getFirst());
                Thread.sleep(50);
                return writer.notifier().rounds() > 0;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.stream().anyMatch(
                    event -> event.conversationId().equals(conversations.getFirst().id())));
            long accepted = heard.stream().filter(event -> event.event().type().equals("turn_accepted")).count();
            long before = writer.notifier().rounds();
            long started = System.nanoTime();

            int admitted = 0;
            for (int round = 0; round < 5; round++) {
                for (Conversation conversation : conversations) {
                    admit(writer, conversation);
                    admitted++;
                }
            }
            long expected = accepted + admitted;
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream()
                    .filter(event -> event.event().type().equals("turn_accepted")).count() >= expected);

            // Rounds with fewer than FULL_ROUND conversations are HOLD apart; fuller ones carry FULL_ROUND each.
            long rounds = writer.notifier().rounds() - before;
            long elapsed = System.nanoTime() - started;
            assertThat(rounds).isPositive()
                    .isLessThanOrEqualTo(elapsed / RoundTiming.HOLD_NANOS + admitted / RoundTiming.FULL_ROUND + 2)
                    .isLessThan(admitted);
            subscriptions.forEach(Subscription::close);
        } finally {
            DATABASE.close(other);
        }
    }

    @Test
    void eventsTravelWithTheirAnnouncement_inMessagesUnderTheLimit_andComeBackAsTheyWere() {
        ConversationId conversation = ConversationId.random();
        TurnId turn = TurnId.random();
        Instant at = Instant.parse("2026-12-03T15:14:05.267205Z");
        List<JournalEvent> events = new java.util.ArrayList<>();
        events.add(new JournalEvent(conversation, 1, turn, new TurnAccepted("héllo \"you\" 👋", "web"), at));
        for (int i = 2; i < 200; i++) {
            events.add(new JournalEvent(conversation, i, turn, new TextDelta("ünïcode " + i + " 👋 "), at.plusMillis(i)));
        }
        events.add(new JournalEvent(conversation, 200, turn, TurnFinal.completed("all", Optional.empty()),
                Instant.ofEpochSecond(-1, 999_999_999)));
        events.set(100, new JournalEvent(conversation, 101, turn, new TextDelta("nanos"), at.plusNanos(123)));

        NotificationKey key = new NotificationKey("secret of this schema".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> payloads = NotificationMessages.eventPayloads(NotificationMessages.encode(events), key);

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload -> {
            assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(NotificationMessages.MAX_PAYLOAD_BYTES);
            assertThat(NotificationMessages.carriesEvents(payload)).isTrue();
        });
        List<JournalEvent> back = payloads.stream()
                .flatMap(payload -> NotificationMessages.parseEvents(payload, key).get(conversation).stream()).toList();
        assertThat(back).isEqualTo(events);
        // Anyone who can connect may NOTIFY: without the schema's key, or with one byte changed, nothing is taken.
        NotificationKey other = new NotificationKey("another secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(NotificationMessages.parseEvents(payloads.getFirst(), other)).isEmpty();
        String tampered = payloads.getFirst().replace("ünïcode 2 ", "ünïcode 9 ");
        assertThat(tampered).isNotEqualTo(payloads.getFirst());
        assertThat(NotificationMessages.parseEvents(tampered, key)).isEmpty();
        assertThat(NotificationMessages.carriesEvents(NotificationMessages.announcements(java.util.Map.of(conversation, 3L)).getFirst()))
                .isFalse();
        assertThat(NotificationMessages.parseEvents("{\"events\":[{\"c\":\"nope\"}]}", key)).isEmpty();
        assertThat(NotificationMessages.encode(List.of(new JournalEvent(conversation, 1, turn,
                new TextDelta("x".repeat(NotificationMessages.MAX_EVENT_BYTES)), at)))).isEmpty();
    }

    @Test
    void givenAnotherNodeListeningButNotWatching_thenNothingIsTold_untilItsStreamsWatch() throws Exception {
        PostgresStorage writer = DATABASE.storage();
        PostgresStorage other = DATABASE.open();
        try {
            Conversation conversation = created(writer);
            // A commit has the writer look for other nodes; once it has seen the listener, it would gather.
            admit(writer, conversation);
            Thread.sleep(1_200);
            long roundsBefore = writer.notifier().rounds();
            long gatheredBefore = writer.notifier().gathered();
            for (int i = 0; i < 5; i++) {
                admit(writer, conversation);
            }
            Thread.sleep(300);
            assertThat(writer.notifier().rounds()).isEqualTo(roundsBefore);
            assertThat(writer.notifier().gathered()).as("nobody elsewhere watches it").isEqualTo(gatheredBefore);
            assertThat(writer.notifier().isWatchedElsewhere(conversation.id())).isFalse();
            // The writer's own stream is named in its watch messages too, which come back to its listener: ignored.
            try (Subscription own = writer.journal().subscribe(conversation.id(), 0, event -> { })) {
                long rounds = writer.notifier().rounds();
                await().atMost(Duration.ofSeconds(5)).until(() -> writer.notifier().rounds() > rounds);
                Thread.sleep(300);
                assertThat(writer.notifier().isWatchedElsewhere(conversation.id())).isFalse();
            }

            long messagesBefore = writer.notifier().eventMessages();
            List<JournalEvent> heard = new CopyOnWriteArrayList<>();
            try (Subscription subscription = other.journal().subscribe(conversation.id(), 0, heard::add)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> writer.notifier().isWatchedElsewhere(conversation.id()));
                long seen = writer.journal().read(conversation.id(), 0, 1_000).size();
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= seen);
                long reads = other.feedReads();

                admit(writer, conversation);
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() > seen);
                assertThat(writer.notifier().eventMessages()).isGreaterThan(messagesBefore);
                assertThat(other.feedReads()).isEqualTo(reads);
                assertThat(heard).isEqualTo(writer.journal().read(conversation.id(), 0, 1_000));
            }
        } finally {
            DATABASE.close(other);
        }
    }

    @Test
    void givenAConversationNamedForTheFirstTime_thenTheNextRoundAnnouncesItsLatestSequence() throws Exception {
        PostgresStorage writer = DATABASE.storage();
        PostgresStorage other = DATABASE.open();
        try (java.sql.Connection listening = DATABASE.newConnection()) {
            Conversation conversation = created(writer);
            Conversation quiet = created(writer);
            for (int i = 0; i < 3; i++) {
                admit(writer, conversation);
            }
            long latest = writer.journal().read(conversation.id(), 0, 1_000).getLast().seq();
            // Events committed before the writer heard that anyone watches: the race a stream opening elsewhere has.
            listening.setAutoCommit(true);
            try (java.sql.Statement listen = listening.createStatement()) {
                listen.execute("LISTEN \"" + Channels.forSchema(DATABASE.url().schema()).journal() + "\"");
            }
            long caughtUp = writer.notifier().caughtUp();

            writer.notifier().heard(NotificationMessages.watching("a-node-that-just-opened-a-stream",
                    List.of(conversation.id(), quiet.id())).getFirst());

            java.util.Map<ConversationId, Long> announced = new java.util.HashMap<>();
            org.postgresql.PGConnection pg = listening.unwrap(org.postgresql.PGConnection.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                for (org.postgresql.PGNotification each : pg.getNotifications(100)) {
                    announced.putAll(NotificationMessages.parse(each.getParameter()));
                }
                return announced.containsKey(conversation.id());
            });
            assertThat(announced).containsEntry(conversation.id(), latest).doesNotContainKey(quiet.id());
            assertThat(writer.notifier().caughtUp() - caughtUp).as("a conversation with no events needs no catching up")
                    .isEqualTo(1);
            assertThat(writer.notifier().isWatchedElsewhere(conversation.id())).isTrue();

            // Named again while still counting: nothing to catch up.
            writer.notifier().heard(NotificationMessages.watching("a-node-that-just-opened-a-stream",
                    List.of(conversation.id())).getFirst());
            Thread.sleep(300);
            assertThat(writer.notifier().caughtUp() - caughtUp).isEqualTo(1);
        } finally {
            DATABASE.close(other);
        }
    }

    @Test
    void givenAnotherNodeNamingMoreThanCanBeRemembered_thenEveryConversationIsAnnouncedAgain() throws Exception {
        PostgresStorage writer = DATABASE.open(); // its own node: the names below fill its memory for a while
        try (java.sql.Connection listening = DATABASE.newConnection()) {
            Conversation unwatched = created(writer);
            listening.setAutoCommit(true);
            try (java.sql.Statement listen = listening.createStatement()) {
                listen.execute("LISTEN \"" + Channels.forSchema(DATABASE.url().schema()).journal() + "\"");
            }
            List<ConversationId> many = java.util.stream.Stream.generate(ConversationId::random)
                    .limit(WatchedElsewhere.MAX_CONVERSATIONS + 1).toList();
            for (String payload : NotificationMessages.watching("a-node-with-very-many-streams", many)) {
                writer.notifier().heard(payload);
            }
            assertThat(writer.notifier().isWatchedElsewhere(many.getLast())).as("no room left for it").isFalse();
            assertThat(writer.notifier().isWatchedElsewhere(unwatched.id())).isFalse();

            // Which conversations the left-out name meant, nobody knows: every commit is announced again.
            java.util.Set<ConversationId> announced = new java.util.HashSet<>();
            org.postgresql.PGConnection pg = listening.unwrap(org.postgresql.PGConnection.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                admit(writer, unwatched);
                for (org.postgresql.PGNotification each : pg.getNotifications(200)) {
                    announced.addAll(NotificationMessages.parse(each.getParameter()).keySet());
                }
                return announced.contains(unwatched.id());
            });
        } finally {
            DATABASE.close(writer);
        }
    }

    @Test
    void watchMessagesNameTheNodeAndItsConversations_underTheLimit_andSkipWhatIsMalformed() {
        List<ConversationId> conversations = java.util.stream.Stream.generate(ConversationId::random).limit(500).toList();

        List<String> payloads = NotificationMessages.watching("node-1", conversations);

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload -> {
            assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(NotificationMessages.MAX_PAYLOAD_BYTES);
            assertThat(NotificationMessages.isWatching(payload)).isTrue();
            assertThat(NotificationMessages.carriesEvents(payload)).isFalse();
        });
        assertThat(payloads.stream().flatMap(payload -> NotificationMessages.parseWatching(payload).orElseThrow()
                .conversations().stream()).toList()).isEqualTo(conversations);
        assertThat(NotificationMessages.parseWatching(payloads.getFirst()).orElseThrow().node()).isEqualTo("node-1");
        assertThat(NotificationMessages.watching("node-1", List.of())).isEmpty();
        ConversationId one = conversations.getFirst();
        assertThat(NotificationMessages.parseWatching("w node-2 nonsense " + one).orElseThrow().conversations())
                .containsExactly(one);
        assertThat(NotificationMessages.parseWatching("w")).isEmpty();
        assertThat(NotificationMessages.isWatching(one + ":3")).isFalse();
    }

    @Test
    void givenAnotherNodeWatching_thenSmallEventsReachItWithoutAJournalRead_andALargeOneIsReadBack() throws Exception {
        PostgresStorage writer = DATABASE.storage();
        PostgresStorage other = DATABASE.open();
        try {
            Conversation conversation = created(writer);
            List<JournalEvent> heard = new CopyOnWriteArrayList<>();
            try (Subscription subscription = other.journal().subscribe(conversation.id(), 0, heard::add)) {
                Admission admission = writer.turns().admit(new Admission.Request(TENANT, conversation.id(),
                        TurnId.random(), UserMessage.text("hi"), "web", Optional.empty(), false, Instant.now())
                        .startingIfIdle(new Admission.Start(new NodeId("writer"), Instant.now().plusSeconds(60), 0)));
                TurnId turn = ((Admission.Admitted) admission).turn().id();
                // Until the writer has seen the listener it only announces; wait for the first events to arrive.
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 2);
                await().atMost(Duration.ofSeconds(5)).until(() -> writer.notifier().rounds() > 0);
                // Events go along once the writer has heard that the other node watches the conversation.
                await().atMost(Duration.ofSeconds(5)).until(() -> writer.notifier().isWatchedElsewhere(conversation.id()));
                writer.journal().appendDelta(conversation.id(), turn, new TextDelta("warm"));
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 3);
                long reads = other.feedReads();

                for (int i = 0; i < 30; i++) {
                    writer.journal().appendDelta(conversation.id(), turn, new TextDelta("tick " + i + " "));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 33);
                assertThat(other.feedReads()).isEqualTo(reads);

                String large = "y".repeat(NotificationMessages.MAX_EVENT_BYTES + 1);
                writer.journal().appendDelta(conversation.id(), turn, new TextDelta(large));
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 34);
                assertThat(other.feedReads()).isGreaterThan(reads);
                assertThat(heard).extracting(JournalEvent::seq).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 34).boxed().toList());
                assertThat(heard).isEqualTo(writer.journal().read(conversation.id(), 0, 100));
            }
        } finally {
            DATABASE.close(other);
        }
    }

    @Test
    void givenAForgedEventsMessage_thenNoStreamDeliversIt() throws Exception {
        PostgresStorage node = DATABASE.storage();
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        node.conversations().create(conversation);
        List<JournalEvent> heard = new CopyOnWriteArrayList<>();
        try (Subscription subscription = node.journal().subscribe(conversation.id(), 0, heard::add)) {
            JournalEvent fake = new JournalEvent(conversation.id(), 1, TurnId.random(),
                    new TurnAccepted("not said by anyone", "web"), Instant.now());
            String forged = NotificationMessages.eventPayloads(NotificationMessages.encode(List.of(fake)),
                    new NotificationKey("guessed".getBytes(java.nio.charset.StandardCharsets.UTF_8))).getFirst();
            try (java.sql.PreparedStatement notify = DATABASE.admin().prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, Channels.forSchema(DATABASE.url().schema()).journal());
                for (String payload : List.of(forged, forged.replace("\"mac\":\"", "\"mac\":\"x"),
                        "{\"events\":[" + NotificationMessages.encode(List.of(fake)).getFirst().json() + "]}")) {
                    notify.setString(2, payload);
                    notify.execute();
                }
            }
            if (!DATABASE.admin().getAutoCommit()) {
                DATABASE.admin().commit();
            }
            // A real event after the forgeries: once it is heard, the forgeries had their chance.
            admit(node, conversation);
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
            Thread.sleep(200);
            assertThat(heard).extracting(event -> event.event()).doesNotContain(fake.event());
            assertThat(heard).isEqualTo(node.journal().read(conversation.id(), 0, 10));
        }
    }

    private static void admit(PostgresStorage node, Conversation conversation) {
        node.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(), UserMessage.text("hi"),
                "web", Optional.empty(), false, Instant.now()));
    }
}
