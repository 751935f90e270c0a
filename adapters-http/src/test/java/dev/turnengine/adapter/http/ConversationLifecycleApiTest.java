package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listing conversations, deleting them (turns, streams and all), and setting the tenant's webhook. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationLifecycleApiTest {

    private static final String LIST = "/v1/api/conversations";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedAgentRunner gated = ScriptedAgentRunner.replying("partial ", "reply").gated().thenComplete();
    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder().agent("gated", gated).start();
    }

    @AfterAll
    void stop() {
        gated.release();
        api.close();
    }

    private Reply delete(String path) {
        return api.send(api.request(path).DELETE().build());
    }

    private Reply put(String path, String json) {
        return api.send(api.request(path).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)).build());
    }

    @Test
    void givenConversations_whenListedPageByPage_thenMostRecentlyActiveFirstEachOnceWithACursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.conversation("echo"));
        }
        api.submit(created.getFirst(), "wake up");

        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            JsonNode page = api.get(LIST + "?limit=2" + cursor.map(c -> "&cursor=" + c).orElse("")).json();
            page.get("conversations").forEach(line -> listed.add(line.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? Optional.empty() : Optional.of(page.get("next_cursor").asText());
            cursor.ifPresent(c -> assertThat(c).matches("[A-Za-z0-9_-]+"));
            pages++;
        } while (cursor.isPresent() && pages < 100);

        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        assertThat(listed.getFirst()).isEqualTo(created.getFirst());
        assertThat(listed.subList(1, 5)).containsExactly(created.get(4), created.get(3), created.get(2), created.get(1));
        JsonNode line = api.get(LIST + "?limit=1").json().get("conversations").get(0);
        assertThat(line.get("last_activity_at").asText()).isNotBlank();
        assertThat(line.get("agent").asText()).isEqualTo("echo");
        assertThat(api.client.send("GET", LIST, null, Optional.empty()).json().get("conversations").size())
                .isLessThanOrEqualTo(20);
    }

    @Test
    void givenAnotherTenantsConversation_whenListed_thenNotShown() {
        String mine = api.conversation("echo");
        var other = new dev.turnengine.testkit.http.ApiClient(api.server.baseUri(), api.otherToken);
        String theirs = other.createConversation("echo");

        JsonNode page = other.get(LIST + "?limit=100").json();

        assertThat(page.get("conversations").findValuesAsText("id")).contains(theirs).doesNotContain(mine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=x", "cursor=%21%21", "cursor=bm90LWEtY3Vyc29y",
        "cursor=MTcwMDAwMDAwMC4wOm5vdC1hLXV1aWQ"})
    void givenBadLimitOrCursor_whenListed_then400(String query) {
        Reply reply = api.get(LIST + "?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_request");
    }

    @Test
    void givenRunningAndQueuedTurnsAndAnOpenStream_whenDeleted_thenFinalsStreamedStreamEndsAndEverythingIs404() {
        String conversation = api.conversation("gated");
        int before = gated.emittedDeltas();
        JsonNode running = api.submit(conversation, "first");
        JsonNode queued = api.submit(conversation, "second");
        SseClient stream = api.stream(TestApi.streamOf(conversation) + "?after=0");
        gated.allow(1);
        assertThat(gated.awaitDeltas(before + 1, WAIT)).isTrue();
        stream.await(frame -> "text_delta".equals(frame.event()), WAIT, "the first delta");

        Reply deleted = delete(LIST + "/" + conversation);

        assertThat(deleted.status()).isEqualTo(204);
        List<SseFrame> finals = new ArrayList<>();
        Optional<SseFrame> next;
        while ((next = stream.nextOrEnd()).isPresent()) {
            if (next.get().isFinal()) {
                finals.add(next.get());
            }
        }
        assertThat(stream.ending()).isEqualTo(SseClient.Ending.END_OF_STREAM);
        assertThat(finals).extracting(SseFrame::turnId)
                .containsExactly(running.get("turn_id").asText(), queued.get("turn_id").asText());
        assertThat(finals).extracting(SseFrame::status).containsOnly("interrupted");
        assertThat(finals).extracting(SseFrame::errorCode).containsOnly("conversation_deleted");
        assertThat(finals.getFirst().text()).isEqualTo("partial ");
        stream.close();

        String path = LIST + "/" + conversation;
        assertThat(api.get(path).status()).isEqualTo(404);
        assertThat(api.get(path + "/turns").status()).isEqualTo(404);
        assertThat(api.get(path + "/turns/" + running.get("turn_id").asText()).status()).isEqualTo(404);
        assertThat(api.get(path + "/stream").status()).isEqualTo(404);
        assertThat(api.send(api.client.message(conversation, "again")).status()).isEqualTo(404);
        assertThat(api.send(api.request(path + "/interrupt").POST(BodyPublishers.noBody()).build()).status())
                .isEqualTo(404);
        assertThat(delete(path).status()).isEqualTo(404);
        assertThat(api.get(LIST + "?limit=100").json().get("conversations").findValuesAsText("id"))
                .doesNotContain(conversation);
        assertThat(gated.awaitCancelled(1, WAIT)).isTrue();
    }

    @Test
    void givenAnotherTenantsConversation_whenDeleted_then404AndItStays() {
        var other = new dev.turnengine.testkit.http.ApiClient(api.server.baseUri(), api.otherToken);
        String theirs = other.createConversation("echo");

        assertThat(delete(LIST + "/" + theirs).status()).isEqualTo(404);
        assertThat(other.get(LIST + "/" + theirs).status()).isEqualTo(200);
        assertThat(delete(LIST + "/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void givenWebhook_whenSetShownAndDeleted_thenSecretOnlyOnceAndGone() {
        assertThat(api.get("/v1/api/webhook").status()).isEqualTo(404);

        Reply set = put("/v1/api/webhook", "{\"url\":\"https://93.184.215.14/hooks\"}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("url").asText()).isEqualTo("https://93.184.215.14/hooks");
        assertThat(set.json().get("secret").asText()).matches("whsec_[A-Za-z0-9+/]{43}=");
        Reply shown = api.get("/v1/api/webhook");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("url").asText()).isEqualTo("https://93.184.215.14/hooks");
        assertThat(shown.json().has("secret")).isFalse();
        assertThat(put("/v1/api/webhook", "{\"url\":\"https://93.184.215.14/hooks\"}").json().get("secret").asText())
                .isNotEqualTo(set.json().get("secret").asText());
        assertThat(delete("/v1/api/webhook").status()).isEqualTo(204);
        assertThat(api.get("/v1/api/webhook").status()).isEqualTo(404);
        assertThat(delete("/v1/api/webhook").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/x", "http://localhost/x", "https://10.1.2.3/", "http://192.168.0.1/",
        "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
        "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/", "ftp://93.184.215.14/x",
        "file:///etc/passwd", "93.184.215.14/hooks", "https://user:pw@93.184.215.14/", "https://no-such-host.invalid/"})
    void givenUnacceptableTarget_whenWebhookSet_then400AndNothingStored(String url) {
        Reply reply = put("/v1/api/webhook", "{\"url\":" + TestApi.quote(url) + "}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_request");
        assertThat(api.get("/v1/api/webhook").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"url\":7}", "not json"})
    void givenMalformedBody_whenWebhookSet_then400(String body) {
        assertThat(put("/v1/api/webhook", body).status()).isEqualTo(400);
    }
}
