package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.adapter.http.server.ApiServer;
import dev.turnengine.adapter.http.server.HttpSettings;
import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one PostgreSQL database: a browser_session turn runs on A, its browser talks only to B. */
@Timeout(60)
class BrowserSessionTwoNodesTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void givenATurnOnNodeA_whenTheBrowserHeartbeatsAndAnswersOnNodeB_thenTheTurnOnACompletes() {
        ToolScriptAgent agent = script();
        ToolScriptAgent agentOnB = script();
        HttpSettings http = HttpSettings.defaults().withHost("127.0.0.1").withPort(0)
                .withShutdownGrace(Duration.ofSeconds(1));
        try (TurnEngine engineA = TurnEngine.start(EnginePorts.of(DATABASE.open(), catalog(agent)),
                        EngineSettings.defaults(), Clock.systemUTC());
                TurnEngine engineB = TurnEngine.start(EnginePorts.of(DATABASE.open(), catalog(agentOnB)),
                        EngineSettings.defaults(), Clock.systemUTC());
                ApiServer serverA = ApiServer.start(engineA, http);
                ApiServer serverB = ApiServer.start(engineB, http)) {
            String token = engineA.manageTokens().issue(new TenantId("acme")).secret();
            try (ApiClient nodeA = new ApiClient(serverA.baseUri(), token);
                    ApiClient nodeB = new ApiClient(serverB.baseUri(), token)) {
                assertThat(nodeB.send(nodeB.request("/v1/api/browser/presence").PUT(BodyPublishers.noBody()).build())
                        .status()).isEqualTo(200);
                String conversation = nodeA.createConversation("browser");
                try (SseClient stream = SseClient.ofConversation(nodeB, conversation, OptionalLong.of(0))) {
                    Reply accepted = nodeA.postJson(ApiClient.messages(conversation),
                            "{\"text\":\"read and click\",\"browser_session\":true}");
                    assertThat(accepted.status()).isEqualTo(202);
                    String turnId = accepted.turnId();
                    String calls = "/v1/api/conversations/" + conversation + "/turns/" + turnId + "/tool-calls/";

                    stream.await(frame -> "tool_call".equals(frame.event()), WAIT, "the read call");
                    assertThat(nodeB.postJson(calls + "call_read", "{\"output\":\"Corner Bakery\"}").status())
                            .isEqualTo(200);
                    stream.await(frame -> "tool_call".equals(frame.event())
                            && frame.json().get("name").asText().equals("computer_click"), WAIT, "the click call");
                    assertThat(nodeB.postJson(calls + "call_click", "{\"output\":\"clicked\"}").status())
                            .isEqualTo(200);

                    JsonNode ending = stream.awaitFinal(turnId, WAIT).json();
                    assertThat(ending.get("status").asText()).isEqualTo("completed");
                    assertThat(ending.get("text").asText()).isEqualTo("done: computer_read_page ok, computer_click ok");
                    assertThat(agent.results().getFirst().output().asText()).isEqualTo("Corner Bakery");
                    assertThat(agentOnB.results()).as("the turn ran on node A").isEmpty();
                }
            }
        }
    }

    private static ToolScriptAgent script() {
        return ToolScriptAgent.calling(new ToolCall("call_read", "computer_read_page", "{}"),
                new ToolCall("call_click", "computer_click", "{\"x\":5,\"y\":6}"));
    }

    private static AgentCatalog catalog(ToolScriptAgent agent) {
        return AgentCatalog.of("browser", Map.of("browser", agent));
    }
}
