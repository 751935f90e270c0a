package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interrupting a running turn, and reading turns back for clients that lost their stream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptAndTurnsApiTest {

    private final ScriptedAgentRunner hanging = ScriptedAgentRunner.replying("partial ", "reply").gated().thenComplete();
    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder().agent("gated", hanging).start();
    }

    @AfterAll
    void stop() {
        hanging.release();
        api.close();
    }

    @Test
    void givenRunningTurn_whenInterrupted_then202AndFinalInterruptedWithPartialText_thenIdle200() {
        String conversation = api.conversation("gated");
        JsonNode accepted = api.submit(conversation, "talk to me");
        int before = hanging.emittedDeltas();
        hanging.allow(1);
        SseClient stream = api.stream(accepted.get("stream_url").asText());
        stream.eventsUntil(frame -> "text_delta".equals(frame.event()));
        assertThat(hanging.awaitDeltas(before + 1, Duration.ofSeconds(5))).isTrue();

        var interrupted = api.send(api.request(interrupt(conversation)).POST(BodyPublishers.noBody()).build());
        List<SseFrame> rest = stream.eventsUntilFinal();
        var idle = api.send(api.request(interrupt(conversation)).POST(BodyPublishers.noBody()).build());

        assertThat(interrupted.status()).isEqualTo(202);
        assertThat(interrupted.json().get("interrupted").asBoolean()).isTrue();
        assertThat(interrupted.json().get("turn_id").asText()).isEqualTo(accepted.get("turn_id").asText());
        JsonNode ending = SseClient.data(rest.getLast());
        assertThat(ending.get("status").asText()).isEqualTo("interrupted");
        assertThat(ending.get("text").asText()).isEqualTo("partial ");
        assertThat(idle.status()).isEqualTo(200);
        assertThat(idle.json().get("interrupted").asBoolean()).isFalse();
        assertThat(idle.json().has("turn_id")).isFalse();

        JsonNode turn = api.get("/v1/api/conversations/" + conversation + "/turns/" + accepted.get("turn_id").asText())
                .json();
        assertThat(turn.get("status").asText()).isEqualTo("interrupted");
        assertThat(turn.get("user_text").asText()).isEqualTo("talk to me");
        assertThat(turn.get("reply_text").asText()).isEqualTo("partial ");
        assertThat(turn.get("accepted_at").asText()).isNotBlank();
        assertThat(turn.get("started_at").asText()).isNotBlank();
        assertThat(turn.get("finished_at").asText()).isNotBlank();
        assertThat(turn.get("stream_url").asText()).isEqualTo(accepted.get("stream_url").asText());
    }

    @Test
    void givenTurns_whenListed_thenInOrderWithStatusAndPaging() {
        String conversation = api.conversation("echo");
        String first = api.submit(conversation, "one").get("turn_id").asText();
        String second = api.submit(conversation, "two").get("turn_id").asText();

        JsonNode all = api.get("/v1/api/conversations/" + conversation + "/turns").json();
        JsonNode page = api.get("/v1/api/conversations/" + conversation + "/turns?offset=1&limit=1").json();

        assertThat(all.get("turns")).extracting(turn -> turn.get("turn_id").asText()).containsExactly(first, second);
        assertThat(all.get("turns").get(0).get("user_text").asText()).isEqualTo("one");
        assertThat(all.get("turns").get(0).get("conversation_id").asText()).isEqualTo(conversation);
        assertThat(all.get("turns").get(0).get("status").asText())
                .isIn("queued", "running", "completed");
        assertThat(page.get("turns")).extracting(turn -> turn.get("turn_id").asText()).containsExactly(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=0", "?limit=1001", "?limit=x", "?offset=-1", "?offset=1.5"})
    void givenBadPaging_whenListed_then400(String query) {
        String conversation = api.conversation("echo");

        var reply = api.get("/v1/api/conversations/" + conversation + "/turns" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenUnknownOrMalformedTurn_whenFetched_then404Or400() {
        String conversation = api.conversation("echo");

        var unknown = api.get("/v1/api/conversations/" + conversation + "/turns/3c90c3cc-0d44-4b50-8888-8dd25736052a");
        var malformed = api.get("/v1/api/conversations/" + conversation + "/turns/zzz");
        var noConversation = api.get("/v1/api/conversations/3c90c3cc-0d44-4b50-8888-8dd25736052a/turns");
        var interruptUnknown = api.send(api.request(interrupt("3c90c3cc-0d44-4b50-8888-8dd25736052a"))
                .POST(BodyPublishers.noBody()).build());

        assertThat(unknown.problemCode()).isEqualTo("not_found");
        assertThat(malformed.problemCode()).isEqualTo("invalid_request");
        assertThat(noConversation.problemCode()).isEqualTo("not_found");
        assertThat(interruptUnknown.problemCode()).isEqualTo("not_found");
    }

    private static String interrupt(String conversation) {
        return "/v1/api/conversations/" + conversation + "/interrupt";
    }
}
