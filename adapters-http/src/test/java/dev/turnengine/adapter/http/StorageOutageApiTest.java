package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.TurnStore;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A database that cannot be reached is a 503 the client may retry, never a 500 or a 401. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageOutageApiTest {

    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder().start();
    }

    @AfterEach
    void restore() {
        api.storage.restore();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void givenTurnStorageDown_whenMessagePosted_then503_thenSameKeyAcceptedOnceStorageIsBack() {
        String conversation = api.conversation("echo");
        HttpRequest post = api.request(TestApi.messages(conversation)).header("Content-Type", "application/json")
                .header("Idempotency-Key", "retry-me").POST(TestApi.body("{\"text\":\"hello\"}")).build();

        api.storage.takeDown(TurnStore.class);
        var refused = api.send(post);
        api.storage.restore();
        var accepted = api.send(post);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.problemCode()).isEqualTo("storage_unavailable");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("idempotent").asBoolean()).isFalse();
    }

    @Test
    void givenConversationStorageDown_whenConversationRoutesCalled_then503() {
        String conversation = api.conversation("echo");
        api.storage.takeDown(ConversationStore.class);

        for (var reply : java.util.List.of(
                api.get("/v1/api/conversations/" + conversation),
                api.postJson("/v1/api/conversations", "{}"),
                api.get(TestApi.streamOf(conversation)),
                api.get("/v1/api/conversations/" + conversation + "/turns"))) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
            assertThat(reply.problemCode()).isEqualTo("storage_unavailable");
        }
    }

    @Test
    void givenTokenStorageDown_whenAuthenticating_then503NotUnauthorized() {
        api.storage.takeDown(AccessTokens.class);

        var reply = api.get("/v1/api/conversations/3c90c3cc-0d44-4b50-8888-8dd25736052a");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.problemCode()).isEqualTo("storage_unavailable");
    }

    @Test
    void givenStorageDown_whenHealthAsked_then503Down() {
        api.storage.takeDown(TurnStore.class);

        var reply = api.send(HttpRequest.newBuilder(api.uri("/health")).GET().build());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("status").asText()).isEqualTo("DOWN");
    }
}
