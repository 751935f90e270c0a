package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import dev.turnengine.testkit.net.TcpProxy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Round trips to the database per lifecycle step, counted by a relay in front of it: an admission, a batch of
 * deltas and an ending each send their statements and the commit in one go. The driver batches statements it has not described, which
 * are those whose parameters all have types; a parameter bound without one, or a driver that sized answers
 * differently, would make it three round trips again and fail here (the outcome would stay the same).
 */
class PostgresRoundTripsTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Admission.Start START = new Admission.Start(new NodeId("node-a"), T0.plusSeconds(60), 20);
    /** Steps measured together, so that the storage's own background statements hardly count. */
    private static final int STEPS = 30;

    private static TcpProxy proxy;
    private static PostgresStorage storage;

    @BeforeAll
    static void openThroughTheRelay() {
        DatabaseUrl direct = DATABASE.url();
        URI target = URI.create(direct.jdbcUrl().substring("jdbc:".length()));
        proxy = TcpProxy.to(target.getHost(), target.getPort());
        DatabaseUrl relayed = new DatabaseUrl(
                direct.jdbcUrl().replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port()),
                direct.user(), direct.password(), direct.schema());
        storage = new PostgresStorage(relayed, Clock.systemUTC());
        // The driver decides whether to send statements together once it has prepared them and knows their rows.
        for (int i = 0; i < 10; i++) {
            Conversation conversation = newConversation();
            finish(conversation, admitStarting(conversation).turn());
            finish(conversation, admitStarting(conversation).turn());
        }
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void givenIdleConversationsWithoutHistory_whenAdmittedWithStart_thenOneRoundTripEach() {
        Conversation[] conversations = new Conversation[STEPS];
        for (int i = 0; i < STEPS; i++) {
            conversations[i] = newConversation();
        }

        int before = poolRoundTrips();
        for (Conversation conversation : conversations) {
            assertThat(admitStarting(conversation).started()).isTrue();
        }
        int roundTrips = poolRoundTrips() - before;

        // Three each (lock, write, commit) before they went together; a few to spare for background work.
        assertThat(roundTrips).isBetween(STEPS, STEPS + STEPS / 3);
    }

    @Test
    void givenRunningTurns_whenFinishedWithLastText_thenOneRoundTripEach() {
        Conversation[] conversations = new Conversation[STEPS];
        Turn[] turns = new Turn[STEPS];
        for (int i = 0; i < STEPS; i++) {
            conversations[i] = newConversation();
            turns[i] = admitStarting(conversations[i]).turn();
        }

        int before = poolRoundTrips();
        for (int i = 0; i < STEPS; i++) {
            assertThat(finish(conversations[i], turns[i])).isPresent();
        }
        int roundTrips = poolRoundTrips() - before;

        assertThat(roundTrips).isBetween(STEPS, STEPS + STEPS / 3);
    }

    @Test
    void givenRunningTurn_whenDeltasAppendedOneAfterAnother_thenOneRoundTripEach() {
        Conversation conversation = newConversation();
        Turn turn = admitStarting(conversation).turn();

        int before = poolRoundTrips();
        for (int i = 0; i < STEPS; i++) {
            assertThat(storage.journal().appendDelta(conversation.id(), turn.id(), new TextDelta("word ")).seq())
                    .isEqualTo(3 + i);
        }
        int roundTrips = poolRoundTrips() - before;

        assertThat(roundTrips).isBetween(STEPS, STEPS + STEPS / 3);
    }

    @Test
    void givenEarlierExchanges_whenAdmittedWithStart_thenStillOneRoundTripEach() {
        Conversation[] conversations = new Conversation[STEPS];
        for (int i = 0; i < STEPS; i++) {
            conversations[i] = newConversation();
            finish(conversations[i], admitStarting(conversations[i]).turn());
        }

        int before = poolRoundTrips();
        for (Conversation conversation : conversations) {
            assertThat(admitStarting(conversation).history()).hasSize(1);
        }
        int roundTrips = poolRoundTrips() - before;

        assertThat(roundTrips).isBetween(STEPS, STEPS + STEPS / 3);
    }

    /**
     * Round trips on the storage's pool, not on its notifier's and listener's sessions (named after the pool, with
     * a suffix): the fixture's own storage listens on the same schema, so this one notifies it of every event.
     */
    private static int poolRoundTrips() {
        String pool = storage.applicationName();
        return proxy.exchanges(start -> start.contains(pool) && !start.contains(pool + "-"));
    }

    private static Conversation newConversation() {
        Conversation conversation = Conversation.start(TENANT, "echo", "web", T0);
        storage.conversations().create(conversation);
        return conversation;
    }

    private static Admission.Admitted admitStarting(Conversation conversation) {
        Admission admission = storage.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(),
                UserMessage.text("hello"), "web", Optional.empty(), false, T0).startingIfIdle(START));
        return (Admission.Admitted) admission;
    }

    private static Optional<?> finish(Conversation conversation, Turn turn) {
        return storage.turns().finish(conversation.id(), turn.id(), Optional.of(new TextDelta("hi")),
                TurnFinal.completed("hi", Optional.empty()), T0.plusSeconds(1));
    }
}
