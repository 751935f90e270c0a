package dev.turnengine.e2e.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.webhook.WebhookSecret;
import dev.turnengine.application.webhook.WebhookSignature;
import dev.turnengine.testkit.http.ApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks posted to real receivers on 127.0.0.1, from an engine on in-memory storage. */
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final AccessToken token = AccessToken.generate();
    private Node node;

    @BeforeEach
    void start() {
        node = Node.delivering(new InMemoryStorage(), token);
    }

    @AfterEach
    void stop() {
        node.close();
        node.storage.close();
        receiver.close();
    }

    @Test
    void givenWebhook_whenTurnEnds_thenOneDeliveryTheReceiverVerifiesWithTheSecret() throws IOException {
        WebhookSecret secret = new WebhookSecret(node.setWebhook(receiver.url().toString()));
        String conversation = node.client.createConversation("echo");
        String turnId = node.client.submit(conversation, "hello webhook").get("turn_id").asText();

        await().atMost(WAIT).until(() -> receiver.received().size() == 1);

        WebhookReceiver.Received delivery = receiver.received().getFirst();
        assertThat(WebhookSignature.verify(secret, delivery.id(), Long.parseLong(delivery.timestamp()), delivery.body(),
                delivery.signature())).isTrue();
        assertThat(delivery.signature()).startsWith("v1,");
        assertThat(delivery.id()).isEqualTo("msg_" + turnId.replace("-", ""));
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.get("type").asText()).isEqualTo("turn.completed");
        assertThat(body.get("timestamp").asText()).isNotBlank();
        assertThat(body.at("/data/conversation_id").asText()).isEqualTo(conversation);
        assertThat(body.at("/data/turn_id").asText()).isEqualTo(turnId);
        assertThat(body.at("/data/status").asText()).isEqualTo("completed");
        assertThat(body.at("/data/text").asText()).isEqualTo("hello webhook");
        assertThat(body.get("data").has("error")).isFalse();
        await().atMost(WAIT).until(() -> node.storage.outbox().pending() == 0);
    }

    @Test
    void givenReceiverFailingTwice_whenTurnEnds_thenThreeAttemptsWithOneIdAndOneSuccess() {
        node.setWebhook(receiver.url().toString());
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(() -> calls.incrementAndGet() <= 2 ? 500 : 200);
        String conversation = node.client.createConversation("echo");
        node.client.submit(conversation, "retry me");

        await().atMost(WAIT).until(() -> receiver.received().size() >= 3 && node.storage.outbox().pending() == 0);

        List<WebhookReceiver.Received> attempts = receiver.received();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(WebhookReceiver.Received::id).containsOnly(attempts.getFirst().id());
        assertThat(attempts).extracting(a -> new String(a.body())).containsOnly(new String(attempts.getFirst().body()));
        // The first retry waits at least half the first delay (400 ms, jittered), the second half of twice that.
        Duration firstGap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        Duration secondGap = Duration.between(attempts.get(1).at(), attempts.get(2).at());
        assertThat(firstGap).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(secondGap).isGreaterThanOrEqualTo(Duration.ofMillis(390));
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, "delivery timeline: attempt 1 "
                + attempts.get(0).answered() + " at 0 ms, attempt 2 " + attempts.get(1).answered() + " at +"
                + firstGap.toMillis() + " ms, attempt 3 " + attempts.get(2).answered() + " at +"
                + (firstGap.toMillis() + secondGap.toMillis()) + " ms");
    }

    @Test
    void givenOneTenantsReceiverHanging_whenTurnsEnd_thenItsTurnsAndAnotherTenantsDeliveriesGoOn()
            throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        try (WebhookReceiver stuck = new WebhookReceiver(); WebhookReceiver healthy = new WebhookReceiver()) {
            stuck.answer(() -> {
                hanging.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 200;
            });
            node.setWebhook(stuck.url().toString());
            AccessToken other = AccessToken.generate();
            node.engine.manageTokens().register(other, new TenantId("globex"));
            try (ApiClient globex = new ApiClient(node.api.baseUri(), other.secret())) {
                globex.send("PUT", "/v1/api/webhook", "{\"url\":\"" + healthy.url() + "\"}", java.util.Optional.empty());
                String mine = node.client.createConversation("echo");
                for (int i = 0; i < 8; i++) {
                    node.client.submit(mine, "turn " + i);
                }
                await().atMost(WAIT).until(() -> node.client.turns(mine).stream()
                        .filter(turn -> turn.get("status").asText().equals("completed")).count() == 8);
                await().atMost(WAIT).until(() -> hanging.get() >= 4);
                String theirs = globex.createConversation("echo");
                globex.submit(theirs, "other tenant");

                await().atMost(WAIT).until(() -> healthy.received().size() == 1);

                assertThat(release.getCount()).isEqualTo(1);
                assertThat(hanging.get()).isEqualTo(4); // the per-tenant bound: four attempts hang, four wait
            } finally {
                release.countDown();
            }
            await().atMost(WAIT).until(() -> stuck.received().size() == 8);
        }
    }
}
