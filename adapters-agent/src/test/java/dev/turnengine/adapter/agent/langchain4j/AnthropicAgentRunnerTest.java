package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.endless;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.status;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.Requests;
import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AnthropicAgentRunnerTest {

    private static final String PATH = "/v1/messages";
    private static final String SSE = "text/event-stream";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private final LangChain4jAgentRunner runner = ModelAgentRunners.create(new ModelAgentConfig(
            ModelProvider.ANTHROPIC,
            server.url() + "/v1",
            Optional.of("sk-ant-test"),
            "claude-test",
            Optional.of("You are terse."),
            OptionalInt.empty(),
            Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    private static String textDelta(String text) {
        return event("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    private static List<String> opening() {
        return List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}"),
                event("content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("ping", "{\"type\":\"ping\"}"));
    }

    private static List<String> closing() {
        return List.of(
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    private static List<String> reply(String... deltas) {
        List<String> frames = new ArrayList<>(opening());
        for (String delta : deltas) {
            frames.add(textDelta(delta));
        }
        frames.addAll(closing());
        return frames;
    }

    @Test
    void givenAMessagesStream_whenRun_thenDeltasInOrderAndUsageFromStartAndDelta() throws Exception {
        server.on(PATH, stream(SSE, reply("Bon", "jour", "!")));

        AgentRun run = AgentRun.start(runner, Requests.saying("Greet me"));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().deltas()).containsExactly("Bon", "jour", "!");
        assertThat(result.usage()).contains(new Usage(25, 9));
    }

    @Test
    void givenHistory_whenRun_thenKeyHeaderSystemFieldAlternatingMessagesAndOpaqueUserIdAreSent() throws Exception {
        server.on(PATH, stream(SSE, reply("ok")));

        AgentRun.start(runner, Requests.of(
                        new UserMessage("Next?", List.of(), false, Optional.of("{\"email\":\"ada@example.com\"}")),
                        List.of(new Exchange("Earlier", "Answer"))))
                .result(WAIT);

        FakeModelServer.Recorded sent = server.onlyRequest();
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.header("anthropic-version")).isNotBlank();
        JsonNode body = sent.json();
        assertThat(body.get("model").asText()).isEqualTo("claude-test");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(AnthropicTurnModels.DEFAULT_MAX_TOKENS);
        assertThat(body.get("system").toString()).contains("You are terse.");
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).toString()).contains("Earlier");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).toString()).contains("Answer");
        assertThat(messages.get(2).toString()).contains("Next?");
        assertThat(body.get("metadata").get("user_id").asText()).hasSize(64).doesNotContain("ada");
    }

    @Test
    void givenALongAnswer_whenCancelled_thenTheServerSeesTheClientHangUpWithinOneSecond() throws Exception {
        server.on(PATH, endless(SSE, reply().subList(0, 3), n -> textDelta("more "), Duration.ofMillis(20)));
        AgentRun run = AgentRun.start(runner, Requests.saying("Talk forever"));
        await().atMost(WAIT).until(() -> run.output().deltas().size() >= 2);

        long cancelledAt = System.nanoTime();
        run.cancellation().cancel();

        run.result(WAIT);
        assertThat(server.awaitDisconnect(Duration.ofSeconds(1))).isTrue();
        assertThat(Duration.ofNanos(server.disconnectedAtNanos() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void givenAStreamThatStopsBeforeMessageStop_whenRun_thenModelBadResponse() throws Exception {
        List<String> frames = new ArrayList<>(opening());
        frames.add(textDelta("cut"));
        server.on(PATH, stream(SSE, frames));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
        assertThat(run.output().deltas()).containsExactly("cut");
    }

    @Test
    void givenMalformedJson_whenRun_thenModelBadResponse() throws Exception {
        List<String> frames = new ArrayList<>(opening());
        frames.add(event("content_block_delta", "{broken"));
        server.on(PATH, stream(SSE, frames));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
    }

    @Test
    void givenAnOverloadedErrorEventMidStream_whenRun_thenModelUnavailableWithTheProvidersMessage() throws Exception {
        List<String> frames = new ArrayList<>(opening());
        frames.add(event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        server.on(PATH, stream(SSE, frames));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.code()).isEqualTo("model_unavailable");
            assertThat(e.getMessage()).contains("Overloaded");
        });
    }

    @Test
    void given401_whenRun_thenModelAuthFailed() throws Exception {
        server.on(PATH, status(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.code()).isEqualTo("model_auth_failed");
            assertThat(e.getMessage()).contains("invalid x-api-key");
        });
    }

    @Test
    void given429_whenRun_thenModelRateLimited() throws Exception {
        server.on(PATH, status(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}"));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_rate_limited"));
    }

    @Test
    void given529Overloaded_whenRun_thenModelUnavailable() throws Exception {
        server.on(PATH, status(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_unavailable"));
    }
}
