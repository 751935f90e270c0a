package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The knobs and shortcuts of a node at scale: its pool, its token memory, notifications after the commit. */
class PostgresScaleTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");
    private final List<PostgresStorage> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(PostgresStorage::close);
    }

    @Test
    void givenPoolSizeThree_whenManyQueriesRunAtOnce_thenTheNodeHoldsAtMostThreePooledConnections() throws Exception {
        PostgresStorage node = node(new PostgresOptions(3, Duration.ZERO));
        ConversationId id = conversation(node);
        int most = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                reads.add(threads.submit(() -> node.journal().read(id, 0, 10)));
            }
            for (Future<?> read : reads) {
                most = Math.max(most, pooledConnections(node));
                read.get();
            }
        }
        assertThat(most).isBetween(1, 3);
    }

    @Test
    void givenTokenRevokedOnAnotherNode_thenNodesThatRememberItAcceptItAndNodesThatDoNotRefuseIt() {
        PostgresStorage remembering = node(new PostgresOptions(4, Duration.ofHours(1)));
        PostgresStorage forgetting = node(new PostgresOptions(4, Duration.ZERO));
        PostgresStorage revoking = node(new PostgresOptions(4, Duration.ofHours(1)));
        TokenHash token = AccessToken.generate().hash();
        revoking.tokens().register(token, TENANT);
        assertThat(remembering.tokens().tenantOf(token)).contains(TENANT);
        assertThat(forgetting.tokens().tenantOf(token)).contains(TENANT);
        assertThat(revoking.tokens().tenantOf(token)).contains(TENANT);

        assertThat(revoking.tokens().revoke(token)).isTrue();

        assertThat(revoking.tokens().tenantOf(token)).as("revoked through this node: at once").isEmpty();
        assertThat(forgetting.tokens().tenantOf(token)).as("no memory: at once").isEmpty();
        assertThat(remembering.tokens().tenantOf(token)).as("remembered: until the memory lapses").contains(TENANT);
    }

    @Test
    void givenEventCommittedWithoutAnyNotification_thenSubscribersOnOtherNodesStillGetIt() throws SQLException {
        PostgresStorage node = node(PostgresOptions.defaults());
        ConversationId id = conversation(node);
        Turn turn = running(node, id);
        List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription ignored = node.journal().subscribe(id, 2, listener(seen))) {
            // What a node that died between its commit and its notification leaves behind: a row and a counter.
            try (PreparedStatement insert = DATABASE.admin().prepareStatement("INSERT INTO " + DATABASE.url().schema()
                    + ".journal (conversation_id, seq, turn_id, type, payload, at) VALUES (?, 3, ?, 'text_delta', "
                    + "'{\"delta\":\"unannounced\"}', now())");
                    PreparedStatement advance = DATABASE.admin().prepareStatement("UPDATE " + DATABASE.url().schema()
                            + ".conversations SET last_seq = 3 WHERE conversation_id = ?")) {
                insert.setObject(1, id.value());
                insert.setObject(2, turn.id().value());
                insert.executeUpdate();
                advance.setObject(1, id.value());
                advance.executeUpdate();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        }
        assertThat(seen.getFirst().event()).isEqualTo(new TextDelta("unannounced"));
        assertThat(seen.getFirst().seq()).isEqualTo(3);
    }

    @Test
    void givenManyConversations_whenAnnounced_thenPayloadsStayUnderTheLimitAndReadBackWhole() {
        java.util.Map<ConversationId, Long> latest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            latest.put(ConversationId.random(), (long) i * 7919);
        }
        List<String> payloads = NotificationMessages.announcements(latest);
        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(payload -> assertThat(payload.length()).isLessThanOrEqualTo(NotificationMessages.MAX_PAYLOAD_BYTES));
        java.util.Map<ConversationId, Long> read = new java.util.HashMap<>();
        payloads.forEach(payload -> read.putAll(NotificationMessages.parse(payload)));
        assertThat(read).isEqualTo(latest);
        assertThat(NotificationMessages.parse("not-a-uuid:1 " + ConversationId.random() + ":x")).isEmpty();
    }

    private PostgresStorage node(PostgresOptions options) {
        PostgresStorage node = new PostgresStorage(DATABASE.url(), Clock.systemUTC(), options);
        nodes.add(node);
        return node;
    }

    private static int pooledConnections(PostgresStorage node) throws SQLException {
        try (PreparedStatement count = DATABASE.admin().prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            count.setString(1, node.applicationName());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static ConversationId conversation(PostgresStorage node) {
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        node.conversations().create(conversation);
        return conversation.id();
    }

    private static Turn running(PostgresStorage node, ConversationId id) {
        node.turns().admit(new Admission.Request(TENANT, id, TurnId.random(), UserMessage.text("hello"), "web",
                Optional.empty(), false, Instant.now()));
        return node.turns().startNext(id, new NodeId("node-a"), Instant.now().plusSeconds(60), Instant.now())
                .orElseThrow();
    }

    private static TurnJournal.JournalListener listener(List<JournalEvent> seen) {
        return new TurnJournal.JournalListener() {
            @Override
            public void onEvent(JournalEvent event) {
                seen.add(event);
            }

            @Override
            public void onError(RuntimeException error) {
                throw new AssertionError("the subscription failed", error);
            }
        };
    }
}
