package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calls as a client sees them on the real server: the exact event sequence of each case the contract names
 * (a call, parallel calls, approval granted and denied, a tool that throws or times out, an interrupt while a call
 * waits), and the answers to {@code POST …/tool-calls/{call_id}}.
 */
class ToolCallsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private String start(ScriptedAgentRunner agent, UnaryOperator<ToolSettings> tools) {
        api = TestApi.builder().agent("tools", agent).serverTools(new TestServerTools())
                .tools(tools.apply(ToolSettings.defaults())).start();
        return api.conversation("tools");
    }

    @Test
    void givenOneToolCall_whenTheTurnRuns_thenCallResultReplyAndFinalStreamInOrder() {
        String conversation = start(ScriptedAgentRunner.silent().callTool("echo", "{\"text\":\"hi\"}")
                .sayResults("The tool said: ").thenComplete(), UnaryOperator.identity());
        List<String> events = run(conversation, "use the tool");
        assertThat(events).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 echo {\"text\":\"hi\"} server requires_approval=false",
                "tool_result call_1 echo is_error=false: you sent {\"text\":\"hi\"}",
                "text_delta The tool said: you sent {\"text\":\"hi\"}",
                "final completed");
    }

    @Test
    void givenTwoParallelCalls_whenTheTurnRuns_thenBothCallsComeFirstAndEachGetsOneResult() {
        String conversation = start(ScriptedAgentRunner.silent()
                .callTools(new ToolCall("a", "echo", "{\"text\":\"one\"}"), new ToolCall("b", "echo", "{\"text\":\"two\"}"))
                .sayResults("> ").thenComplete(), UnaryOperator.identity());
        List<String> events = run(conversation, "two at once");
        assertThat(events.subList(0, 4)).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call a echo {\"text\":\"one\"} server requires_approval=false",
                "tool_call b echo {\"text\":\"two\"} server requires_approval=false");
        assertThat(events.subList(4, 6)).containsExactlyInAnyOrder(
                "tool_result a echo is_error=false: you sent {\"text\":\"one\"}",
                "tool_result b echo is_error=false: you sent {\"text\":\"two\"}");
        assertThat(events.subList(6, events.size())).containsExactly(
                "text_delta > you sent {\"text\":\"one\"}",
                "text_delta > you sent {\"text\":\"two\"}",
                "final completed");
    }

    @Test
    void givenAToolThatThrows_whenCalled_thenAToolFailedResultReachesTheModelAndTheTurnCompletes() {
        String conversation = start(ScriptedAgentRunner.silent().callTool("boom", "{}").sayResults("").thenComplete(),
                UnaryOperator.identity());
        assertThat(run(conversation, "break it")).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 boom {} server requires_approval=false",
                "tool_result call_1 boom is_error=true: tool_failed: the disk is full",
                "text_delta tool_failed: the disk is full",
                "final completed");
    }

    @Test
    void givenAToolThatOutlastsTheToolTimeout_whenCalled_thenAToolTimeoutResult() {
        String conversation = start(ScriptedAgentRunner.silent().callTool("slow", "{}").sayResults("").thenComplete(),
                tools -> tools.withToolTimeout(Duration.ofMillis(300)));
        assertThat(run(conversation, "wait for it")).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 slow {} server requires_approval=false",
                "tool_result call_1 slow is_error=true: tool_timeout: the tool 'slow' did not finish within 300 ms",
                "text_delta tool_timeout: the tool 'slow' did not finish within 300 ms",
                "final completed");
    }

    @Test
    void givenAnUnknownToolName_whenCalled_thenItIsJournaledAndAnsweredUnknownTool() {
        String conversation = start(ScriptedAgentRunner.silent().callTool("nope", "not json").thenComplete(),
                UnaryOperator.identity());
        try (SseClient stream = api.stream(TestApi.streamOf(conversation))) {
            api.submit(conversation, "call a tool that is not there");
            List<SseFrame> frames = stream.eventsUntilFinal();
            JsonNode call = frames.get(2).json();
            assertThat(call.get("arguments").isObject()).isTrue();
            assertThat(call.get("arguments_text").asText()).isEqualTo("not json");
            assertThat(frames.get(3).json().get("output").asText())
                    .isEqualTo("unknown_tool: no tool named 'nope' is offered in this turn");
        }
    }

    @Test
    void givenTooManyToolRounds_whenTheAgentKeepsCalling_thenTheTurnFailsTooManyToolSteps() {
        String conversation = start(ScriptedAgentRunner.silent().callTool("echo", "{}").callTool("echo", "{}")
                .callTool("echo", "{}").thenComplete(), tools -> tools.withMaxToolSteps(3));
        List<String> events = run(conversation, "loop");
        assertThat(events).hasSize(7).last().isEqualTo("final failed too_many_tool_steps");
        assertThat(events).filteredOn(line -> line.startsWith("tool_call")).hasSize(2);
        assertThat(events).filteredOn(line -> line.startsWith("tool_result")).hasSize(2);
    }

    /** Starts a turn and returns its events as {@link #describe} lines, up to its final. */
    List<String> run(String conversation, String text) {
        try (SseClient stream = api.stream(TestApi.streamOf(conversation))) {
            api.submit(conversation, text);
            return stream.eventsUntilFinal().stream().map(ToolCallsApiTest::describe).toList();
        }
    }

    /** One event as a line naming its type and the fields that matter to the case. */
    static String describe(SseFrame frame) {
        JsonNode data = frame.json();
        if (Boolean.getBoolean("turns.print-events")) {
            System.out.println("  event: " + frame.type() + " data: " + frame.data());
        }
        return switch (frame.type()) {
            case "tool_call" -> "tool_call " + data.get("call_id").asText() + " " + data.get("name").asText() + " "
                    + data.get("arguments") + " " + data.get("executor").asText() + " requires_approval="
                    + data.get("requires_approval").asBoolean();
            case "tool_decision" -> "tool_decision " + data.get("call_id").asText() + " " + data.get("decision").asText()
                    + (data.has("reason") ? " (" + data.get("reason").asText() + ")" : "");
            case "tool_result" -> "tool_result " + data.get("call_id").asText() + " " + data.get("name").asText()
                    + " is_error=" + data.get("is_error").asBoolean() + ": " + data.get("output").asText();
            case "text_delta" -> "text_delta " + data.get("delta").asText();
            case "final" -> "final " + data.get("status").asText()
                    + (data.has("error") ? " " + data.get("error").get("code").asText() : "");
            default -> frame.type();
        };
    }

    static Reply answer(TestApi api, String conversation, String turn, String callId, String body) {
        return api.postJson(TestApi.messages(conversation).replace("/messages", "/turns/" + turn + "/tool-calls/"
                + callId), body);
    }
}
