package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.tool.BrowserTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolOutput;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** browser_session turns over HTTP: computer_* calls answered by the browser, its departure, an interrupt, refusals. */
@Timeout(60)
class BrowserSessionApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PRESENCE = "/v1/api/browser/presence";
    private static final ToolCall READ = new ToolCall("call_read", "computer_read_page", "{}");
    private static final ToolCall CLICK = new ToolCall("call_click", "computer_click", "{\"x\":120,\"y\":48}");

    private static TestApi start(ToolScriptAgent agent, ToolSettings tools) {
        return TestApi.builder().agent("browser", agent)
                .limits(new SubmitLimits(100_000, 16, 4096, 32L * 1024 * 1024))
                .tools(tools).start();
    }

    private static String browserTurn(TestApi api, String conversation) {
        Reply accepted = api.postJson(TestApi.messages(conversation), "{\"text\":\"order rye bread\",\"browser_session\":true}");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.turnId();
    }

    private static SseFrame awaitCall(SseClient stream, String name) {
        return stream.await(frame -> "tool_call".equals(frame.event()) && frame.json().get("name").asText().equals(name),
                WAIT, "tool_call " + name);
    }

    private static SseFrame awaitResult(SseClient stream, String callId) {
        return stream.await(frame -> "tool_result".equals(frame.event())
                && frame.json().get("call_id").asText().equals(callId), WAIT, "tool_result of " + callId);
    }

    private static String answerPath(String conversation, String turnId, String callId) {
        return TestApi.messages(conversation).replace("/messages", "") + "/turns/" + turnId + "/tool-calls/" + callId;
    }

    @Test
    void givenABrowserTurn_whenTheBrowserAnswersReadThenClick_thenTheTurnCompletesWithBothResults() {
        ToolScriptAgent agent = ToolScriptAgent.calling(READ, CLICK);
        try (TestApi api = start(agent, ToolSettings.defaults())) {
            assertThat(api.send(api.request(PRESENCE).PUT(BodyPublishers.noBody()).build()).status()).isEqualTo(200);
            String conversation = api.conversation("browser");
            try (SseClient stream = SseClient.ofConversation(api.client, conversation, OptionalLong.of(0))) {
                String turnId = browserTurn(api, conversation);

                JsonNode read = awaitCall(stream, "computer_read_page").json();
                assertThat(read.get("executor").asText()).isEqualTo("browser");
                assertThat(read.get("requires_approval").asBoolean()).isFalse();
                assertThat(read.get("arguments").toString()).isEqualTo("{}");
                String readPath = answerPath(conversation, turnId, "call_read");
                assertThat(api.postJson(readPath, "{\"decision\":\"approve\"}").status())
                        .as("a decision for a call that needs none").isEqualTo(409);
                assertThat(api.postJson(readPath, "{\"output\":1}").status()).as("wrong shape").isEqualTo(400);
                assertThat(api.client.send(HttpRequest.newBuilder(api.uri(readPath))
                        .header("Authorization", "Bearer " + api.otherToken).header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"output\":\"x\"}")).build()).status())
                        .as("another tenant").isEqualTo(404);
                assertThat(api.postJson(answerPath(conversation, turnId, "call_nope"), "{\"output\":\"x\"}").status())
                        .isEqualTo(404);
                Reply answered = api.postJson(readPath, "{\"output\":\"URL: /browser-demo/\\nTitle: Corner Bakery\"}");
                assertThat(answered.status()).isEqualTo(200);
                assertThat(api.postJson(readPath, "{\"output\":\"URL: /browser-demo/\\nTitle: Corner Bakery\"}")
                        .idempotent()).isTrue();
                assertThat(awaitResult(stream, "call_read").json().get("output").asText()).contains("Corner Bakery");

                JsonNode click = awaitCall(stream, "computer_click").json();
                assertThat(click.get("arguments").get("x").asInt()).isEqualTo(120);
                String clickPath = answerPath(conversation, turnId, "call_click");
                String tooLarge = Base64.getEncoder().encodeToString(new byte[5000]);
                assertThat(api.postJson(clickPath, "{\"image_b64\":\"" + tooLarge + "\",\"content_type\":\"image/png\"}")
                        .status()).as("over the attachment limit").isEqualTo(413);
                String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                assertThat(api.postJson(clickPath, "{\"image_b64\":\"" + png + "\",\"content_type\":\"image/png\"}")
                        .status()).isEqualTo(200);

                JsonNode ending = stream.awaitFinal(turnId, WAIT).json();
                assertThat(ending.get("status").asText()).isEqualTo("completed");
                assertThat(ending.get("text").asText()).isEqualTo("done: computer_read_page ok, computer_click ok");
                assertThat(agent.results().get(1).output()).isInstanceOf(ToolOutput.Image.class);
                assertThat(agent.offered().getFirst()).containsAll(BrowserTools.specs().stream().map(s -> s.name()).toList());
                assertThat(api.postJson(clickPath, "{\"output\":\"late\"}").status()).as("turn ended").isEqualTo(409);
                assertThat(api.postJson(clickPath, "{\"image_b64\":\"" + png + "\",\"content_type\":\"image/png\"}")
                        .idempotent()).as("the same answer after the end").isTrue();
            }
        }
    }

    @Test
    void givenABrowserCallWaiting_whenTheBrowserDisconnects_thenBrowserDisconnectedAtOnceAndTheModelAnswers() {
        ToolScriptAgent agent = ToolScriptAgent.calling(READ);
        try (TestApi api = start(agent, ToolSettings.defaults().withToolTimeout(Duration.ofMinutes(5)))) {
            api.send(api.request(PRESENCE).PUT(BodyPublishers.noBody()).build());
            String conversation = api.conversation("browser");
            try (SseClient stream = SseClient.ofConversation(api.client, conversation, OptionalLong.of(0))) {
                String turnId = browserTurn(api, conversation);
                awaitCall(stream, "computer_read_page");
                assertThat(api.get(TestApi.messages(conversation).replace("/messages", "") + "/turns/" + turnId)
                        .json().toString()).contains("browser");

                assertThat(api.send(api.request(PRESENCE).DELETE().build()).status()).isEqualTo(204);

                JsonNode result = awaitResult(stream, "call_read").json();
                assertThat(result.get("is_error").asBoolean()).isTrue();
                assertThat(result.get("output").asText()).startsWith("browser_disconnected:");
                JsonNode ending = stream.awaitFinal(turnId, WAIT).json();
                assertThat(ending.get("status").asText()).isEqualTo("completed");
                assertThat(ending.get("text").asText()).startsWith("done: computer_read_page failed (browser_disconnected:");
                assertThat(api.postJson(answerPath(conversation, turnId, "call_read"), "{\"output\":\"late\"}").status())
                        .isEqualTo(409);
            }
        }
    }

    @Test
    void givenABrowserCallWaiting_whenInterrupted_thenItsErrorResultComesBeforeAnInterruptedFinal() {
        try (TestApi api = start(ToolScriptAgent.calling(READ), ToolSettings.defaults())) {
            api.send(api.request(PRESENCE).PUT(BodyPublishers.noBody()).build());
            String conversation = api.conversation("browser");
            try (SseClient stream = SseClient.ofConversation(api.client, conversation, OptionalLong.of(0))) {
                String turnId = browserTurn(api, conversation);
                awaitCall(stream, "computer_read_page");

                assertThat(api.client.interrupt(conversation).status()).isEqualTo(202);

                stream.awaitFinal(turnId, WAIT);
                List<SseFrame> events = stream.eventsOf(turnId);
                List<String> types = events.stream().map(SseFrame::event).toList();
                assertThat(types).containsSubsequence("tool_call", "tool_result", "final");
                SseFrame result = events.get(types.indexOf("tool_result"));
                assertThat(result.json().get("is_error").asBoolean()).isTrue();
                assertThat(events.getLast().json().get("status").asText()).isEqualTo("interrupted");
            }
        }
    }

    @Test
    void givenANormalTurn_whenTheModelCallsComputerClick_thenItIsNotOfferedAndGetsAnUnknownToolError() {
        ToolScriptAgent agent = ToolScriptAgent.calling(CLICK);
        try (TestApi api = start(agent, ToolSettings.defaults())) {
            String conversation = api.conversation("browser");
            try (SseClient stream = SseClient.ofConversation(api.client, conversation, OptionalLong.of(0))) {
                String turnId = api.submit(conversation, "click something").get("turn_id").asText();

                JsonNode call = awaitCall(stream, "computer_click").json();
                assertThat(call.get("executor").asText()).isEqualTo("server");
                JsonNode result = awaitResult(stream, "call_click").json();
                assertThat(result.get("is_error").asBoolean()).isTrue();
                assertThat(result.get("output").asText()).startsWith("unknown_tool:");
                assertThat(stream.awaitFinal(turnId, WAIT).json().get("status").asText()).isEqualTo("completed");
                assertThat(agent.offered().getFirst()).noneMatch(name -> name.startsWith("computer_"));
                assertThat(api.postJson(answerPath(conversation, turnId, "call_click"), "{\"output\":\"x\"}").status())
                        .isEqualTo(409);
            }
        }
    }

    @Test
    void givenABrowserThatNeverAnswers_whenTheToolTimeoutPasses_thenToolTimeout() {
        try (TestApi api = start(ToolScriptAgent.calling(READ),
                ToolSettings.defaults().withToolTimeout(Duration.ofMillis(700)))) {
            api.send(api.request(PRESENCE).PUT(BodyPublishers.noBody()).build());
            String conversation = api.conversation("browser");
            try (SseClient stream = SseClient.ofConversation(api.client, conversation, OptionalLong.of(0))) {
                String turnId = browserTurn(api, conversation);
                JsonNode result = awaitResult(stream, "call_read").json();
                assertThat(result.get("output").asText()).startsWith("tool_timeout:");
                assertThat(stream.awaitFinal(turnId, WAIT).json().get("status").asText()).isEqualTo("completed");
            }
        }
    }
}
