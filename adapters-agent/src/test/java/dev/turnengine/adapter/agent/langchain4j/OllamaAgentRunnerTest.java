package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.broken;
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
class OllamaAgentRunnerTest {

    private static final String PATH = "/api/chat";
    private static final String NDJSON = "application/x-ndjson";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private final LangChain4jAgentRunner runner = ModelAgentRunners.create(new ModelAgentConfig(
            ModelProvider.OLLAMA,
            server.url(),
            Optional.empty(),
            "llama-test",
            Optional.of("You are terse."),
            OptionalInt.of(64),
            Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private static String line(String content) {
        return "{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":false}\n";
    }

    private static String last() {
        return "{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1000,"
                + "\"prompt_eval_count\":31,\"eval_count\":4}\n";
    }

    private static List<String> reply(String... deltas) {
        List<String> lines = new ArrayList<>();
        for (String delta : deltas) {
            lines.add(line(delta));
        }
        lines.add(last());
        return lines;
    }

    @Test
    void givenAnNdjsonStream_whenRun_thenDeltasInOrderAndUsageFromTheLastLine() throws Exception {
        server.on(PATH, stream(NDJSON, reply("Ol", "lama", " here")));

        AgentRun run = AgentRun.start(runner, Requests.saying("Who are you?"));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().deltas()).containsExactly("Ol", "lama", " here");
        assertThat(result.usage()).contains(new Usage(31, 4));
    }

    @Test
    void givenHistory_whenRun_thenSystemHistoryAndLimitAreSentButNoIdentity() throws Exception {
        server.on(PATH, stream(NDJSON, reply("ok")));

        AgentRun.start(runner, Requests.of(
                        new UserMessage("Then?", List.of(), false, Optional.of("{\"user\":\"ada\"}")),
                        List.of(new Exchange("Before", "After"))))
                .result(WAIT);

        JsonNode body = server.onlyRequest().json();
        assertThat(body.get("model").asText()).isEqualTo("llama-test");
        assertThat(body.get("options").get("num_predict").asInt()).isEqualTo(64);
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Before");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("Then?");
        assertThat(body.toString()).doesNotContain("ada");
    }

    @Test
    void givenALongAnswer_whenCancelled_thenTheServerSeesTheClientHangUpWithinOneSecond() throws Exception {
        server.on(PATH, endless(NDJSON, List.of(line("a "), line("b ")), n -> line("more "), Duration.ofMillis(20)));
        AgentRun run = AgentRun.start(runner, Requests.saying("Talk forever"));
        await().atMost(WAIT).until(() -> run.output().deltas().size() >= 2);

        long cancelledAt = System.nanoTime();
        run.cancellation().cancel();

        run.result(WAIT);
        assertThat(server.awaitDisconnect(Duration.ofSeconds(1))).isTrue();
        assertThat(Duration.ofNanos(server.disconnectedAtNanos() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void givenAStreamWithoutTheDoneLine_whenRun_thenModelBadResponse() throws Exception {
        server.on(PATH, stream(NDJSON, List.of(line("half"))));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
        assertThat(run.output().deltas()).containsExactly("half");
    }

    @Test
    void givenMalformedJson_whenRun_thenModelBadResponse() throws Exception {
        server.on(PATH, stream(NDJSON, List.of(line("ok "), "{oops\n")));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
    }

    @Test
    void givenAStreamThatBreaksMidway_whenRun_thenModelUnavailable() throws Exception {
        server.on(PATH, broken(NDJSON, List.of(line("so "), line("far"))));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_unavailable"));
        assertThat(run.output().deltas()).containsExactly("so ", "far");
    }

    @Test
    void givenAnUnknownModel_whenRun_thenModelErrorSayingToCheckTheModelName() throws Exception {
        server.on(PATH, status(404, "{\"error\":\"model 'llama-test' not found\"}"));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.code()).isEqualTo("model_error");
            assertThat(e.getMessage()).contains("model 'llama-test' not found").contains("model name");
        });
    }
}
