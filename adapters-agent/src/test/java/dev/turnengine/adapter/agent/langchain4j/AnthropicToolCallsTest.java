package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.endless;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.inOrder;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.ManualCancellation;
import dev.turnengine.testkit.agent.RecordingTools;
import dev.turnengine.testkit.agent.Requests;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AnthropicToolCallsTest {

    private static final String PATH = "/v1/messages";
    private static final String SSE = "text/event-stream";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private final LangChain4jAgentRunner runner = ModelAgentRunners.create(new ModelAgentConfig(ModelProvider.ANTHROPIC,
            server.url() + "/v1", Optional.of("sk-ant-test"), "claude-test", Optional.empty(), OptionalInt.empty(),
            Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    private static String start(int inputTokens) {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}");
    }

    private static String text(int index, String text) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                        + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                        + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static String stop(String reason, int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + reason
                        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    /** Text, then a tool_use block whose input arrives as two input_json_delta pieces. */
    private static List<String> toolUse() {
        return List.of(
                start(30),
                text(0, "Checking. "),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                stop("tool_use", 12));
    }

    private static List<String> answer(String words) {
        return List.of(start(50), text(0, words), stop("end_turn", 4));
    }

    @Test
    void givenAToolUseBlock_whenRun_thenTheResultGoesBackAsAToolResultAndTheAnswerStreams() throws Exception {
        server.on(PATH, inOrder(stream(SSE, toolUse()), stream(SSE, answer("Sunny."))));
        RecordingTools tools = RecordingTools.answering(List.of(OpenAiToolCallsTest.WEATHER),
                call -> ToolResult.error(call, ToolResult.TOOL_FAILED, "no data for Paris"));

        AgentRun run = AgentRun.start(runner, Requests.saying("Weather?", tools));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().text()).isEqualTo("Checking. Sunny.");
        assertThat(result.usage()).contains(new Usage(80, 16));
        assertThat(tools.batches()).containsExactly(List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}")));

        List<FakeModelServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(2);
        JsonNode tool = requests.get(0).json().get("tools").get(0);
        assertThat(tool.get("name").asText()).isEqualTo("get_weather");
        assertThat(tool.get("input_schema").get("properties").get("unit").get("enum")).hasSize(2);
        assertThat(tool.get("input_schema").get("required").toString()).isEqualTo("[\"city\"]");

        JsonNode messages = requests.get(1).json().get("messages");
        assertThat(messages).hasSize(3);
        JsonNode toolUse = messages.get(1).get("content").get(1);
        assertThat(toolUse.get("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.get("id").asText()).isEqualTo("toolu_1");
        assertThat(toolUse.get("input").get("city").asText()).isEqualTo("Paris");
        JsonNode toolResult = messages.get(2).get("content").get(0);
        assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
        assertThat(toolResult.get("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(toolResult.get("content").toString()).contains("tool_failed: no data for Paris");
        assertThat(toolResult.get("is_error").asBoolean()).isTrue();
    }

    @Test
    void givenAnImageResult_whenRun_thenTheModelSeesItAsAnImageBlock() throws Exception {
        server.on(PATH, inOrder(stream(SSE, toolUse()), stream(SSE, answer("A cloud."))));
        RecordingTools tools = RecordingTools.answering(List.of(OpenAiToolCallsTest.WEATHER),
                call -> ToolResult.image(call, "iVBORw0K", "image/png"));

        AgentRun.start(runner, Requests.saying("Show me", tools)).result(WAIT);

        JsonNode messages = server.requests().get(1).json().get("messages");
        assertThat(messages.toString()).contains("\"type\":\"image\"").contains("iVBORw0K");
    }

    @Test
    void givenAStreamLeftOpenAfterMessageStop_whenTheToolWaitsAndTheTurnIsInterrupted_thenAllEndsPromptly()
            throws Exception {
        server.on(PATH, endless(SSE, toolUse(), n -> event("ping", "{\"type\":\"ping\"}"), Duration.ofMillis(20)));
        ManualCancellation cancellation = new ManualCancellation();
        RecordingTools tools = RecordingTools.blockingUntilCancelled(List.of(OpenAiToolCallsTest.WEATHER), cancellation);
        AgentRun run = AgentRun.start(runner, Requests.saying("Weather?", tools), cancellation);
        assertThat(tools.awaitCall(WAIT)).isTrue();

        assertThat(server.awaitDisconnect(Duration.ofSeconds(1)))
                .as("the finished response's connection is closed while the tool runs").isTrue();
        cancellation.cancel();

        run.result(Duration.ofSeconds(1));
        assertThat(server.requests()).hasSize(1);
    }
}
