package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.access.AccessToken;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tokens on every route, and tenants that cannot see each other's conversations anywhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessApiTest {

    private TestApi api;
    private String conversation;
    private String turn;

    @BeforeAll
    void start() {
        api = TestApi.builder().start();
        conversation = api.conversation("echo");
        turn = api.submit(conversation, "secret plans").get("turn_id").asText();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    /** Every route of the API, as a request builder for the given path prefix. */
    private List<Function<String, HttpRequest.Builder>> routes() {
        String base = "/v1/api/conversations/" + conversation;
        return List.of(
                auth -> builder(auth, "/v1/api/conversations").POST(BodyPublishers.noBody()),
                auth -> builder(auth, base).GET(),
                auth -> builder(auth, base + "/messages").header("Content-Type", "application/json")
                        .POST(TestApi.body("{\"text\":\"hi\"}")),
                auth -> builder(auth, base + "/stream").GET(),
                auth -> builder(auth, base + "/stream?turn_id=" + turn).GET(),
                auth -> builder(auth, base + "/interrupt").POST(BodyPublishers.noBody()),
                auth -> builder(auth, base + "/turns").GET(),
                auth -> builder(auth, base + "/turns/" + turn).GET(),
                auth -> builder(auth, "/v1/api/browser/presence").PUT(BodyPublishers.noBody()),
                auth -> builder(auth, "/v1/api/browser/presence").DELETE());
    }

    private HttpRequest.Builder builder(String authorization, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(api.uri(path));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    @Test
    void givenNoOrBadToken_whenAnyRouteCalled_then401WithBearerChallenge() {
        AccessToken revoked = api.engine.manageTokens().issue(new dev.turnengine.domain.conversation.TenantId("acme"));
        api.engine.manageTokens().revoke(revoked);
        List<String> badCredentials = java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
                "Bearer hq_pat_unknownunknownunknown", "Bearer not-a-token", "Bearer " + revoked.secret(),
                "Bearer " + api.token + "x", "Bearer " + "a".repeat(5000));
        for (var route : routes()) {
            for (String credential : badCredentials) {
                var reply = api.send(route.apply(credential).build());
                assertThat(reply.status()).as(credential + " " + reply).isEqualTo(401);
                assertThat(reply.problemCode()).isEqualTo("unauthorized");
                assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
            }
        }
    }

    @Test
    void givenValidTokenInAnyCase_whenCalled_thenAccepted() {
        var reply = api.send(builder("bearer " + api.token, "/v1/api/conversations/" + conversation).GET().build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void givenOtherTenantsConversation_whenAnyConversationRouteCalled_then404() {
        String other = "Bearer " + api.otherToken;
        List<Function<String, HttpRequest.Builder>> conversationRoutes = routes().subList(1, 8);
        for (var route : conversationRoutes) {
            var reply = api.send(route.apply(other).build());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.problemCode()).isEqualTo("not_found");
        }
        assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).hasSize(1);
    }

    @Test
    void givenNoToken_whenHealthOrChatPageFetched_thenServed() {
        assertThat(api.send(builder(null, "/health").GET().build()).status()).isEqualTo(200);
        for (String asset : List.of("/", "/chat.js", "/chat.css")) {
            var reply = api.send(builder(null, asset).GET().build());
            assertThat(reply.status()).as(asset).isEqualTo(200);
            assertThat(reply.header("Content-Security-Policy")).contains("script-src 'self'");
        }
        assertThat(api.send(builder(null, "/").GET().build()).header("Content-Type")).startsWith("text/html");
    }
}
