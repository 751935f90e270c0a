package dev.turnengine.adapter.agent.langchain4j;

import static dev.turnengine.adapter.agent.langchain4j.FakeModelServer.stream;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.CONTENT_TYPE;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.delta;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.done;
import static dev.turnengine.adapter.agent.langchain4j.OpenAiFrames.finish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.tool.BrowserTools;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.turn.UserMessage;
import dev.turnengine.testkit.agent.AgentRun;
import dev.turnengine.testkit.agent.RecordingTools;
import dev.turnengine.testkit.agent.Requests;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The browser prompt and the computer_* schemas as the model's server receives them. */
@Timeout(20)
class BrowserPromptTest {

    private static final String PATH = "/v1/chat/completions";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeModelServer server = FakeModelServer.start();
    private final LangChain4jAgentRunner runner = ModelAgentRunners.create(new ModelAgentConfig(ModelProvider.OPENAI,
            server.url() + "/v1", Optional.of("sk-test"), "gpt-test", Optional.of("Be brief."), OptionalInt.empty(),
            Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        runner.close();
        server.close();
    }

    private JsonNode send(AgentRequest request) throws Exception {
        server.on(PATH, stream(CONTENT_TYPE, List.of(delta("ok"), finish("stop"), done())));
        AgentRun.start(runner, request).result(WAIT);
        return server.requests().getLast().json();
    }

    @Test
    void givenABrowserSessionTurn_whenRun_thenTheSystemPromptCarriesTheBrowserPromptAfterTheConfiguredOne()
            throws Exception {
        UserMessage message = new UserMessage("book a table", List.of(), true, Optional.empty());
        RecordingTools tools = RecordingTools.answering(BrowserTools.offeredFor(message.browserSession()),
                call -> ToolResult.text(call, "unused"));

        JsonNode sent = send(Requests.of(message, List.of()).withTools(tools));

        JsonNode system = sent.get("messages").get(0);
        assertThat(system.get("role").asText()).isEqualTo("system");
        assertThat(system.get("content").asText()).startsWith("Be brief.\n\n").endsWith(BrowserTools.PROMPT)
                .contains("computer_click", "watching", "spend");
        assertThat(sent.get("tools")).hasSize(7);
        JsonNode click = sent.get("tools").get(3).get("function");
        assertThat(click.get("name").asText()).isEqualTo("computer_click");
        assertThat(click.get("parameters").get("required").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(click.get("parameters").get("properties").get("x").get("type").asText()).isEqualTo("number");
    }

    @Test
    void givenANormalTurn_whenRun_thenTheSystemPromptIsTheConfiguredOneAloneAndNoBrowserToolIsOffered()
            throws Exception {
        UserMessage message = UserMessage.text("book a table");

        JsonNode sent = send(Requests.of(message, List.of()));

        JsonNode system = sent.get("messages").get(0);
        assertThat(system.get("role").asText()).isEqualTo("system");
        assertThat(system.get("content").asText()).isEqualTo("Be brief.");
        assertThat(sent.toString()).doesNotContain("computer_");
        assertThat(BrowserTools.offeredFor(message.browserSession())).isEmpty();
    }
}
