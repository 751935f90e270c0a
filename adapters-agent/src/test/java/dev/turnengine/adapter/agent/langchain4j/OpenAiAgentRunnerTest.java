package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.broken;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.endless;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.status;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.CONTENT_TYPE;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.delta;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.done;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.finish;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.Requests;
import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class OpenAiAgentRunnerTest {

    private static final String PATH = "/v1/chat/completions";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private LangChain4jAgentRunner runner = runner(server.url() + "/v1", Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private static LangChain4jAgentRunner runner(String baseUrl, Duration timeout) {
        return ModelAgentRunners.create(new ModelAgentConfig(
                ModelProvider.OPENAI,
                baseUrl,
                Optional.of("sk-test-key"),
                "gpt-test",
                Optional.of("You are terse."),
                OptionalInt.of(256),
                timeout));
    }

    private static List<String> completeReply(String... deltas) {
        List<String> frames = new java.util.ArrayList<>();
        for (String d : deltas) {
            frames.add(delta(d));
        }
        frames.add(finish("stop"));
        frames.add(usage(11, 7));
        frames.add(done());
        return frames;
    }

    @Test
    void givenAStreamingServer_whenRun_thenDeltasArriveInOrderAndUsageIsReported() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, completeReply("Hel", "lo ", "world")));

        AgentRun run = AgentRun.start(runner, Requests.saying("Say hello"));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().deltas()).containsExactly("Hel", "lo ", "world");
        assertThat(result.usage()).contains(new Usage(11, 7));
    }

    @Test
    void givenHistoryAndSystemPrompt_whenRun_thenTheyAreSentInOrderWithTheKeyAndLimit() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, completeReply("ok")));
        AgentRequest request = Requests.of(
                new UserMessage("And now?", List.of(), false, Optional.of("{\"user\":\"ada@example.com\"}")),
                List.of(new Exchange("First question", "First answer"), new Exchange("Second question", "")));

        AgentRun.start(runner, request).result(WAIT);

        FakeModelServer.Recorded sent = server.onlyRequest();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-key");
        JsonNode body = sent.json();
        assertThat(body.get("model").asText()).isEqualTo("gpt-test");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(6);
        assertThat(roleAndText(messages.get(0))).isEqualTo("system: You are terse.");
        assertThat(roleAndText(messages.get(1))).isEqualTo("user: First question");
        assertThat(roleAndText(messages.get(2))).isEqualTo("assistant: First answer");
        assertThat(roleAndText(messages.get(3))).isEqualTo("user: Second question");
        assertThat(roleAndText(messages.get(4))).isEqualTo("assistant: " + ChatMessages.EMPTY_REPLY);
        assertThat(roleAndText(messages.get(5))).isEqualTo("user: And now?");
        assertThat(body.get("user").asText()).hasSize(64).doesNotContain("ada");
    }

    @Test
    void givenNoIdentity_whenRun_thenNoUserFieldIsSent() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, completeReply("ok")));

        AgentRun.start(runner, Requests.saying("hi")).result(WAIT);

        assertThat(server.onlyRequest().json().has("user")).isFalse();
    }

    @Test
    void givenAttachments_whenRun_thenTextIsInlinedImagesSentAndOthersNamed() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, completeReply("ok")));
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        UserMessage message = new UserMessage(
                "Look at these",
                List.of(
                        inline("text/plain; charset=utf-8", "notes.txt", "line one"),
                        inline("application/json", "data.json", "{\"a\":1}"),
                        new Attachment("image/png", Optional.of(png), Optional.empty(), Optional.of("pic.png")),
                        inline("application/zip", "archive.zip", "PK..."),
                        new Attachment("application/pdf", Optional.empty(), Optional.of(UUID.randomUUID()),
                                Optional.of("report.pdf"))),
                false,
                Optional.empty());

        AgentRun.start(runner, Requests.of(message, List.of())).result(WAIT);

        JsonNode content = server.onlyRequest().json().get("messages").get(1).get("content");
        assertThat(content.isArray()).isTrue();
        String text = content.get(0).get("text").asText();
        assertThat(text)
                .startsWith("Look at these")
                .contains("\"notes.txt\" (text/plain) ---\nline one")
                .contains("\"data.json\" (application/json) ---\n{\"a\":1}")
                .contains("[Attachment \"archive.zip\" (application/zip) was sent but is not shown to you (5 bytes)]")
                .contains("[Attachment \"report.pdf\" (application/pdf) was sent but is not shown to you (stored document");
        assertThat(content.get(1).get("type").asText()).isEqualTo("image_url");
        assertThat(content.get(1).get("image_url").get("url").asText()).isEqualTo("data:image/png;base64," + png);
    }

    @Test
    void givenALongAnswer_whenCancelled_thenTheServerSeesTheClientHangUpWithinOneSecond() throws Exception {
        server.on(PATH, endless(CONTENT_TYPE, List.of(delta("one "), delta("two ")), n -> delta("more "),
                Duration.ofMillis(20)));
        AgentRun run = AgentRun.start(runner, Requests.saying("Talk forever"));
        await().atMost(WAIT).until(() -> run.output().deltas().size() >= 2);

        long cancelledAt = System.nanoTime();
        run.cancellation().cancel();

        assertThat(run.result(WAIT).usage()).isEmpty();
        int deltasAtReturn = run.output().deltas().size();
        assertThat(server.awaitDisconnect(Duration.ofSeconds(1))).isTrue();
        assertThat(Duration.ofNanos(server.disconnectedAtNanos() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(run.output().deltas()).hasSize(deltasAtReturn).startsWith("one ", "two ");
    }

    @Test
    void givenNoAnswerYet_whenCancelled_thenTheRunReturnsAtOnceAndTheRequestIsAbandoned() throws Exception {
        FakeModelServer.Reply late = endless(CONTENT_TYPE, List.of(delta("too late")), n -> delta("more "),
                Duration.ofMillis(20));
        server.on(PATH, (exchange, fake) -> {
            Thread.sleep(300);
            late.write(exchange, fake);
        });
        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));
        await().atMost(WAIT).until(() -> !server.requests().isEmpty());

        run.cancellation().cancel();

        run.result(Duration.ofSeconds(1));
        assertThat(server.awaitDisconnect(WAIT)).isTrue();
        assertThat(run.output().deltas()).isEmpty();
    }

    @Test
    void givenAStalledStream_whenTheTimeoutPasses_thenTheTurnFailsWithModelTimeout() throws Exception {
        runner.close();
        // Generous enough that a loaded machine still delivers the first delta before the timeout.
        runner = runner(server.url() + "/v1", Duration.ofMillis(1_500));
        // Silent for longer than the timeout, then probing (an SSE comment) to learn whether the client hung up.
        server.on(PATH, endless(CONTENT_TYPE, List.of(delta("partial")), n -> ": still there?\n\n",
                Duration.ofMillis(3_000)));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_timeout"));
        assertThat(run.output().deltas()).containsExactly("partial");
        assertThat(server.awaitDisconnect(WAIT)).isTrue();
    }

    @Test
    void givenAServerThatNeverAnswers_whenTheTimeoutPasses_thenTheTurnFailsWithModelTimeout() throws Exception {
        runner.close();
        runner = runner(server.url() + "/v1", Duration.ofMillis(400));
        server.on(PATH, (exchange, fake) -> fake.stall());

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_timeout"));
    }

    @Test
    void givenAStreamThatBreaksMidway_whenRun_thenDeltasSoFarThenModelUnavailable() throws Exception {
        server.on(PATH, broken(CONTENT_TYPE, List.of(delta("half "), delta("way"))));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_unavailable"));
        assertThat(run.output().deltas()).containsExactly("half ", "way");
    }

    @Test
    void givenAStreamThatEndsWithoutFinishing_whenRun_thenModelBadResponse() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, List.of(delta("cut "), delta("off"))));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
    }

    @Test
    void givenMalformedJsonInTheStream_whenRun_thenModelBadResponseAndTheStreamIsClosed() throws Exception {
        server.on(PATH, endless(CONTENT_TYPE, List.of(delta("fine "), OpenAiFrames.data("{not json")),
                n -> delta("more "), Duration.ofMillis(20)));

        AgentRun run = AgentRun.start(runner, Requests.saying("hi"));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("model_bad_response"));
        assertThat(run.output().deltas()).containsExactly("fine ");
        assertThat(server.awaitDisconnect(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void given401_whenRun_thenModelAuthFailedWithTheProvidersMessage() throws Exception {
        server.on(PATH, status(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));

        AgentException failure = failureOf(Requests.saying("hi"));

        assertThat(failure.code()).isEqualTo("model_auth_failed");
        assertThat(failure.getMessage()).contains("HTTP 401").contains("Incorrect API key provided");
    }

    @Test
    void given403_whenRun_thenModelAuthFailed() throws Exception {
        server.on(PATH, status(403, "{\"error\":{\"message\":\"Project not allowed\"}}"));

        assertThat(failureOf(Requests.saying("hi")).code()).isEqualTo("model_auth_failed");
    }

    @Test
    void given429_whenRun_thenModelRateLimited() throws Exception {
        server.on(PATH, status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}"));

        AgentException failure = failureOf(Requests.saying("hi"));

        assertThat(failure.code()).isEqualTo("model_rate_limited");
        assertThat(failure.getMessage()).contains("Rate limit reached");
    }

    @Test
    void given500_whenRun_thenModelUnavailable() throws Exception {
        server.on(PATH, status(500, "{\"error\":{\"message\":\"The server had an error\"}}"));

        assertThat(failureOf(Requests.saying("hi")).code()).isEqualTo("model_unavailable");
    }

    @Test
    void given400_whenRun_thenModelErrorWithTheProvidersMessage() throws Exception {
        server.on(PATH, status(400, "{\"error\":{\"message\":\"context length exceeded\"}}"));

        AgentException failure = failureOf(Requests.saying("hi"));

        assertThat(failure.code()).isEqualTo("model_error");
        assertThat(failure.getMessage()).contains("context length exceeded");
    }

    @Test
    void givenNothingListening_whenRun_thenModelUnavailableNamingTheUrl() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        runner.close();
        runner = runner("http://127.0.0.1:" + freePort + "/v1", Duration.ofSeconds(5));

        AgentException failure = failureOf(Requests.saying("hi"));

        assertThat(failure.code()).isEqualTo("model_unavailable");
        assertThat(failure.getMessage()).contains("127.0.0.1:" + freePort);
    }

    @Test
    void givenCancelledBeforeStart_whenRun_thenNoRequestIsMade() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, completeReply("never")));
        AgentRun run = AgentRun.startCancelled(runner, Requests.saying("hi"));

        assertThat(run.result(WAIT).usage()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    private AgentException failureOf(AgentRequest request) throws Exception {
        Throwable failure = AgentRun.start(runner, request).failure(WAIT);
        assertThat(failure).isInstanceOf(AgentException.class);
        return (AgentException) failure;
    }

    private static Attachment inline(String type, String name, String text) {
        return new Attachment(type, Optional.of(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))),
                Optional.empty(), Optional.of(name));
    }

    private static String roleAndText(JsonNode message) {
        return message.get("role").asText() + ": " + message.get("content").asText();
    }
}
