package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.inOrder;
import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.agent.AgentRun;
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
class OllamaToolCallsTest {

    private static final String PATH = "/api/chat";
    private static final String NDJSON = "application/x-ndjson";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private final LangChain4jAgentRunner runner = ModelAgentRunners.create(new ModelAgentConfig(ModelProvider.OLLAMA,
            server.url(), Optional.empty(), "llama-test", Optional.empty(), OptionalInt.empty(), Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private static String line(String message, boolean done) {
        return "{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":" + message
                + (done ? ",\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":10,\"eval_count\":2}\n"
                        : ",\"done\":false}\n");
    }

    private static List<String> toolCall() {
        return List.of(
                line("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"index\":0,"
                        + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]}", false),
                line("{\"role\":\"assistant\",\"content\":\"\"}", true));
    }

    private static List<String> answer(String text) {
        return List.of(
                line("{\"role\":\"assistant\",\"content\":\"" + text + "\"}", false),
                line("{\"role\":\"assistant\",\"content\":\"\"}", true));
    }

    @Test
    void givenToolCalls_whenRun_thenTheResultGoesBackAsAToolMessageAndTheAnswerStreams() throws Exception {
        server.on(PATH, inOrder(stream(NDJSON, toolCall()), stream(NDJSON, answer("Mild."))));
        RecordingTools tools = RecordingTools.answering(List.of(OpenAiToolCallsTest.WEATHER),
                call -> ToolResult.text(call, "15 C"));

        AgentRun run = AgentRun.start(runner, Requests.saying("Weather?", tools));

        AgentResult result = run.result(WAIT);
        assertThat(run.output().text()).isEqualTo("Mild.");
        assertThat(result.usage()).contains(new Usage(20, 4));
        List<ToolCall> batch = tools.batches().get(0);
        assertThat(batch).hasSize(1);
        assertThat(batch.get(0).callId()).as("Ollama sends no id, so one is made up").startsWith("call_");
        assertThat(batch.get(0).name()).isEqualTo("get_weather");
        assertThat(batch.get(0).argumentsJson()).isEqualTo("{\"city\":\"Paris\"}");

        List<FakeModelServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(2);
        JsonNode function = requests.get(0).json().get("tools").get(0).get("function");
        assertThat(function.get("name").asText()).isEqualTo("get_weather");
        assertThat(function.get("parameters").get("properties").get("city").get("minLength").asInt()).isEqualTo(1);

        JsonNode messages = requests.get(1).json().get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).get("tool_calls").get(0).get("function").get("arguments").get("city").asText())
                .isEqualTo("Paris");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("15 C");
    }
}
