package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
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

/** A node tells other nodes of new events only while another node listens on its schema. */
class JournalNotifierPeersTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");

    private static Conversation admitOne(PostgresStorage node) {
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        node.conversations().create(conversation);
        node.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(), UserMessage.text("hi"),
                "web", Optional.empty(), false, Instant.now()));
        return conversation;
    }

    @Test
    void givenNoOtherNode_thenNothingIsNotified_andOnceAnotherListensItHearsAtOnce() throws Exception {
        PostgresStorage alone = DATABASE.storage();
        DATABASE.freshStorage();
        Thread.sleep(1_200); // past the first look for other nodes
        long before = alone.notificationRounds();

        for (int i = 0; i < 20; i++) {
            admitOne(alone);
        }
        Thread.sleep(300);
        assertThat(alone.notificationRounds()).isEqualTo(before);

        PostgresStorage other = DATABASE.open();
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        alone.conversations().create(conversation);
        List<JournalEvent> heard = new CopyOnWriteArrayList<>();
        try (Subscription subscription = other.journal().subscribe(conversation.id(), 0, heard::add)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                alone.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(),
                        UserMessage.text("hi"), "web", Optional.empty(), false, Instant.now()));
                Thread.sleep(100);
                return alone.notificationRounds() > before;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        } finally {
            DATABASE.close(other);
        }
    }
}
