package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.inOrder;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.CONTENT_TYPE;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.delta;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.done;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.finish;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.toolCallArguments;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.toolCallStart;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.ManualCancellation;
import dev.turnengine.testkit.agent.RecordingTools;
import dev.turnengine.testkit.agent.Requests;
import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.agent.ToolStepLimit;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import dev.turnengine.domain.tool.ToolStep;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class OpenAiToolCallsTest {

    private static final String PATH = "/v1/chat/completions";
    private static final Duration WAIT = Duration.ofSeconds(5);
    static final ToolSpec WEATHER = ToolSpec.server("get_weather", "The weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"unit\":{\"type\":\"string\",\"enum\":[\"C\",\"F\"]}},\"required\":[\"city\"]}");
    static final ToolSpec TIME = ToolSpec.server("get_time", "The current time", ToolSpec.NO_PARAMETERS);

    private final FakeModelServer server = FakeModelServer.start();
    private LangChain4jAgentRunner runner = runner(ToolStepLimit.DEFAULT);

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private LangChain4jAgentRunner runner(ToolStepLimit limit) {
        return ModelAgentRunners.create(new ModelAgentConfig(ModelProvider.OPENAI, server.url() + "/v1",
                Optional.of("sk-test"), "gpt-test", Optional.empty(), OptionalInt.empty(), Duration.ofSeconds(5), limit));
    }

    /** A response calling both tools at once, the weather's arguments streamed in two pieces. */
    private static List<String> twoParallelCalls() {
        return List.of(
                delta("Let me check. "),
                toolCallStart(0, "call_a", "get_weather"),
                toolCallArguments(0, "{\"city\":"),
                toolCallArguments(0, "\"Paris\"}"),
                toolCallStart(1, "call_b", "get_time"),
                toolCallArguments(1, "{}"),
                finish("tool_calls"),
                usage(20, 5),
                done());
    }

    private static List<String> answer(String text) {
        return List.of(delta(text), finish("stop"), usage(40, 3), done());
    }

    @Test
    void givenTwoParallelCalls_whenRun_thenBothGoToTheToolsAtOnceAndTheirResultsBackToTheModel() throws Exception {
        server.on(PATH, inOrder(stream(CONTENT_TYPE, twoParallelCalls()), stream(CONTENT_TYPE, answer("Sunny, noon."))));
        RecordingTools tools = RecordingTools.answering(List.of(WEATHER, TIME), call -> call.name().equals("get_weather")
                ? ToolResult.text(call, "18 C, sunny")
                : ToolResult.text(call, "12:00"));

        AgentRun run = AgentRun.start(runner, Requests.saying("Weather and time?", tools));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().text()).isEqualTo("Let me check. Sunny, noon.");
        assertThat(result.usage()).contains(new Usage(60, 8));
        assertThat(tools.batches()).containsExactly(List.of(
                new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"), new ToolCall("call_b", "get_time", "{}")));

        List<FakeModelServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(2);
        JsonNode offered = requests.get(0).json().get("tools");
        assertThat(offered).hasSize(2);
        JsonNode weather = offered.get(0).get("function");
        assertThat(weather.get("name").asText()).isEqualTo("get_weather");
        assertThat(weather.get("description").asText()).isEqualTo("The weather in a city");
        assertThat(weather.get("parameters").get("properties").get("city").get("minLength").asInt()).isEqualTo(1);
        assertThat(weather.get("parameters").get("properties").get("unit").get("enum").toString()).isEqualTo("[\"C\",\"F\"]");
        assertThat(weather.get("parameters").get("required").toString()).isEqualTo("[\"city\"]");

        JsonNode messages = requests.get(1).json().get("messages");
        assertThat(messages).hasSize(4);
        JsonNode assistant = messages.get(1);
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.get("tool_calls")).hasSize(2);
        assertThat(assistant.get("tool_calls").get(0).get("id").asText()).isEqualTo("call_a");
        assertThat(assistant.get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(toolMessage(messages.get(2))).isEqualTo("call_a: 18 C, sunny");
        assertThat(toolMessage(messages.get(3))).isEqualTo("call_b: 12:00");
    }

    @Test
    void givenAToolThatFails_whenRun_thenTheModelReadsTheErrorResult() throws Exception {
        server.on(PATH, inOrder(stream(CONTENT_TYPE, twoParallelCalls()), stream(CONTENT_TYPE, answer("Sorry."))));
        RecordingTools tools = RecordingTools.answering(List.of(WEATHER, TIME),
                call -> ToolResult.error(call, ToolResult.TOOL_FAILED, "weather service down"));

        AgentRun run = AgentRun.start(runner, Requests.saying("Weather?", tools));

        run.result(WAIT);
        JsonNode messages = server.requests().get(1).json().get("messages");
        assertThat(toolMessage(messages.get(2))).isEqualTo("call_a: tool_failed: weather service down");
    }

    @Test
    void givenAnImageResult_whenRun_thenItIsSentAsAnImageAfterTheToolMessages() throws Exception {
        server.on(PATH, inOrder(stream(CONTENT_TYPE, twoParallelCalls()), stream(CONTENT_TYPE, answer("A cloud."))));
        RecordingTools tools = RecordingTools.answering(List.of(WEATHER, TIME), call -> call.name().equals("get_weather")
                ? ToolResult.image(call, "iVBORw0K", "image/png")
                : ToolResult.text(call, "12:00"));

        AgentRun.start(runner, Requests.saying("Show me", tools)).result(WAIT);

        JsonNode messages = server.requests().get(1).json().get("messages");
        assertThat(messages).hasSize(5);
        assertThat(toolMessage(messages.get(2))).contains("image/png").contains("next message");
        JsonNode images = messages.get(4);
        assertThat(images.get("role").asText()).isEqualTo("user");
        assertThat(images.get("content").get(1).get("image_url").get("url").asText())
                .isEqualTo("data:image/png;base64,iVBORw0K");
    }

    @Test
    void givenAModelThatKeepsCallingTools_whenTheStepLimitIsReached_thenTheTurnFailsWithoutAnotherCall() throws Exception {
        runner.close();
        runner = runner(new ToolStepLimit(2));
        server.on(PATH, stream(CONTENT_TYPE, List.of(toolCallStart(0, "", "get_time"), finish("tool_calls"), done())));
        RecordingTools tools = RecordingTools.answering(List.of(TIME), call -> ToolResult.text(call, "12:00"));

        AgentRun run = AgentRun.start(runner, Requests.saying("Loop", tools));

        assertThat(run.failure(WAIT)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.code()).isEqualTo("too_many_tool_steps"));
        assertThat(server.requests()).hasSize(2);
        assertThat(tools.batches()).hasSize(1);
        assertThat(tools.batches().get(0).get(0).callId()).as("an id is made up where the server sent none")
                .startsWith("call_");
    }

    @Test
    void givenEarlierToolSteps_whenRun_thenTheHistoryCarriesTheCallsAndResults() throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, answer("As I said, sunny.")));
        ToolCall earlier = new ToolCall("call_old", "get_weather", "{\"city\":\"Rome\"}");
        Exchange exchange = new Exchange("Weather in Rome?", "Sunny.",
                List.of(new ToolStep(earlier, ToolResult.text(earlier, "25 C, sunny"))));

        AgentRun.start(runner, Requests.of(UserMessage.text("Again?"), List.of(exchange))).result(WAIT);

        JsonNode messages = server.onlyRequest().json().get("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Weather in Rome?");
        assertThat(messages.get(1).get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(toolMessage(messages.get(2))).isEqualTo("call_old: 25 C, sunny");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("Sunny.");
        assertThat(messages.get(4).get("content").asText()).isEqualTo("Again?");
    }

    @Test
    void givenAToolThatWaits_whenInterrupted_thenTheTurnEndsPromptlyWithoutAskingTheModelAgain() throws Exception {
        server.on(PATH, inOrder(stream(CONTENT_TYPE, twoParallelCalls()), stream(CONTENT_TYPE, answer("never"))));
        ManualCancellation cancellation = new ManualCancellation();
        RecordingTools tools = RecordingTools.blockingUntilCancelled(List.of(WEATHER, TIME), cancellation);
        AgentRun run = AgentRun.start(runner, Requests.saying("Weather?", tools), cancellation);
        assertThat(tools.awaitCall(WAIT)).isTrue();

        cancellation.cancel();

        run.result(Duration.ofSeconds(1));
        assertThat(server.requests()).hasSize(1);
        assertThat(run.output().text()).isEqualTo("Let me check. ");
    }

    private static String toolMessage(JsonNode message) {
        assertThat(message.get("role").asText()).isEqualTo("tool");
        return message.get("tool_call_id").asText() + ": " + message.get("content").asText();
    }
}
