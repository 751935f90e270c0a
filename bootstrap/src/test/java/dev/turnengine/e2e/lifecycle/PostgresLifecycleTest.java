package dev.turnengine.e2e.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deleting and webhooks with several engines on one PostgreSQL database. */
class PostgresLifecycleTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AccessToken token = AccessToken.generate();

    private static long rows(String table, String conversationId) throws SQLException {
        try (PreparedStatement count = DATABASE.admin().prepareStatement("SELECT count(*) FROM "
                + DATABASE.url().schema() + "." + table + " WHERE conversation_id = ?")) {
            count.setObject(1, UUID.fromString(conversationId));
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Test
    void givenTurnRunningOnOneNode_whenDeletedThroughAnother_thenFinalStreamedNoRowsLeftAnd404OnBoth()
            throws SQLException {
        DATABASE.freshStorage();
        PostgresStorage storageA = DATABASE.open();
        PostgresStorage storageB = DATABASE.open();
        try (WebhookReceiver receiver = new WebhookReceiver();
                Node a = Node.delivering(storageA, token);
                Node b = Node.delivering(storageB, token)) {
            a.setWebhook(receiver.url().toString());
            String conversation = a.client.createConversation("slow");
            String words = String.join(" ", java.util.Collections.nCopies(200, "word"));
            JsonNode accepted = a.client.send("POST", "/v1/api/conversations/" + conversation + "/messages",
                    "{\"text\":\"" + words + "\",\"idempotency_key\":\"k1\"}", Optional.empty()).json();
            String turnId = accepted.get("turn_id").asText();
            SseClient streamOnA = a.client.stream("/v1/api/conversations/" + conversation + "/stream?after=0");
            streamOnA.awaitDeltas(turnId, 3, WAIT);
            assertThat(a.engine.runningTurns()).isEqualTo(1);

            int deleted = b.client.send("DELETE", "/v1/api/conversations/" + conversation, null, Optional.empty())
                    .status();

            assertThat(deleted).isEqualTo(204);
            SseFrame ending = streamOnA.awaitFinal(turnId, WAIT);
            assertThat(ending.status()).isEqualTo("interrupted");
            assertThat(ending.errorCode()).isEqualTo("conversation_deleted");
            await().atMost(WAIT).until(() -> a.engine.runningTurns() == 0);
            streamOnA.close();
            for (String table : List.of("conversations", "turns", "attachments", "tool_calls", "browser_turns", "journal", "idempotency_keys")) {
                assertThat(rows(table, conversation)).as(table).isZero();
            }
            for (Node node : List.of(a, b)) {
                assertThat(node.client.get("/v1/api/conversations/" + conversation).status()).isEqualTo(404);
                assertThat(node.client.get("/v1/api/conversations/" + conversation + "/turns/" + turnId).status())
                        .isEqualTo(404);
                assertThat(node.client.send("DELETE", "/v1/api/conversations/" + conversation, null, Optional.empty())
                        .status()).isEqualTo(404);
            }
            await().atMost(WAIT).until(() -> receiver.received().size() == 1);
            assertThat(new String(receiver.received().getFirst().body())).contains("\"turn.interrupted\"")
                    .contains("conversation_deleted");
            // The running node's late writes did not bring anything back.
            for (String table : List.of("conversations", "turns", "attachments", "tool_calls", "browser_turns", "journal", "idempotency_keys")) {
                assertThat(rows(table, conversation)).as(table).isZero();
            }
        } finally {
            DATABASE.close(storageA);
            DATABASE.close(storageB);
        }
    }

    @Test
    void givenDeliveriesPendingWhenTheNodeStops_whenANewNodeStartsOnTheDatabase_thenTheyAreDelivered() {
        DATABASE.freshStorage();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(() -> 503);
            List<String> turns = new ArrayList<>();
            PostgresStorage first = DATABASE.open();
            try (Node node = Node.delivering(first, token)) {
                node.setWebhook(receiver.url().toString());
                String conversation = node.client.createConversation("echo");
                for (int i = 0; i < 3; i++) {
                    turns.add(node.client.submit(conversation, "pending " + i).get("turn_id").asText());
                }
                await().atMost(WAIT).until(() -> receiver.received().stream()
                        .map(WebhookReceiver.Received::id).distinct().count() == 3);
            }
            DATABASE.close(first);
            assertThat(DATABASE.storage().outbox().pending()).isEqualTo(3);
            receiver.answer(() -> 200);

            PostgresStorage second = DATABASE.open();
            try (Node restarted = Node.delivering(second, token)) {
                await().atMost(WAIT).until(() -> receiver.received().stream().filter(r -> r.answered() == 200).count() == 3);
            } finally {
                DATABASE.close(second);
            }
            assertThat(receiver.received().stream().filter(r -> r.answered() == 200).map(WebhookReceiver.Received::id))
                    .containsExactlyInAnyOrderElementsOf(turns.stream().map(t -> "msg_" + t.replace("-", "")).toList());
            assertThat(DATABASE.storage().outbox().pending()).isZero();
        }
    }

    @Test
    void givenTwoNodesSharingTheOutbox_whenTurnsEndOnBoth_thenEachWebhookIsDeliveredExactlyOnce() {
        DATABASE.freshStorage();
        PostgresStorage storageA = DATABASE.open();
        PostgresStorage storageB = DATABASE.open();
        AtomicInteger submitted = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver();
                Node a = Node.delivering(storageA, token);
                Node b = Node.delivering(storageB, token)) {
            a.setWebhook(receiver.url().toString());
            List<String> turns = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                for (Node node : List.of(a, b)) {
                    String conversation = node.client.createConversation("echo");
                    turns.add(node.client.submit(conversation, "turn " + i).get("turn_id").asText());
                    submitted.incrementAndGet();
                }
            }

            await().atMost(WAIT).until(() -> receiver.received().size() >= turns.size()
                    && DATABASE.storage().outbox().pending() == 0);
            // Give a duplicate, were there one, the time to arrive.
            await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);

            Map<String, Long> perId = receiver.received().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::id, Collectors.counting()));
            assertThat(perId).hasSize(submitted.get());
            assertThat(perId.values()).containsOnly(1L);
            assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(
                    turns.stream().map(t -> "msg_" + t.replace("-", "")).toList());
        } finally {
            DATABASE.close(storageA);
            DATABASE.close(storageB);
        }
    }
}
