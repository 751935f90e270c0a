package dev.turnengine.e2e.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.embedded.wiring.ConfigurationException;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import dev.turnengine.testkit.mcp.EverythingMcpServer;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone server with an OpenAI-compatible model that calls the {@code echo} tool of the real MCP reference
 * server (from npm), which needs a person's approval: the whole tool conversation over HTTP.
 */
@Timeout(180)
class McpToolApprovalE2ETest {

    private static final String TOKEN = "hq_pat_tool_conversation_token_0123456789";

    private static EverythingMcpServer mcp;

    @BeforeAll
    static void startMcp() throws Exception {
        Assumptions.assumeTrue(EverythingMcpServer.canRun(), EverythingMcpServer.MISSING);
        mcp = EverythingMcpServer.start();
    }

    @AfterAll
    static void stopMcp() {
        if (mcp != null) {
            mcp.close();
        }
    }

    @Test
    void givenAModelCallingAnMcpToolThatNeedsApproval_whenApproved_thenTheMcpResultReachesTheModelAndTheReply()
            throws Exception {
        try (ScriptedOpenAiModel model = new ScriptedOpenAiModel();
                Server server = Server.start(ServerConfig.fromEnvironment(Map.of(
                        "TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN,
                        "TURNS_AGENT", "openai", "TURNS_OPENAI_BASE_URL", model.baseUrl(),
                        "TURNS_OPENAI_MODEL", "scripted", "TURNS_OPENAI_API_KEY", "test-key",
                        "TURNS_MCP_SERVERS", mcp.url().toString(), "TURNS_TOOLS_REQUIRE_APPROVAL", "echo")));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            try (SseClient stream = api.stream(ApiClient.streamOf(conversation))) {
                String turn = api.submit(conversation, "say hi through the echo tool").get("turn_id").asText();
                SseFrame call = stream.eventsUntil(frame -> frame.type().equals("tool_call")).getLast();
                assertThat(call.json().get("name").asText()).isEqualTo("echo");
                assertThat(call.json().get("arguments").toString()).isEqualTo("{\"message\":\"hi\"}");
                assertThat(call.json().get("executor").asText()).isEqualTo("server");
                assertThat(call.json().get("requires_approval").asBoolean()).isTrue();
                assertThat(api.turn(conversation, turn).get("waiting_for").asText()).isEqualTo("approval");

                String callId = call.json().get("call_id").asText();
                assertThat(api.postJson("/v1/api/conversations/" + conversation + "/turns/" + turn + "/tool-calls/"
                        + callId, "{\"decision\":\"approve\"}").status()).isEqualTo(200);
                List<SseFrame> rest = stream.eventsUntilFinal();

                assertThat(rest.stream().map(SseFrame::type).toList())
                        .containsExactly("tool_decision", "tool_result", "text_delta", "final");
                JsonNode result = rest.get(1).json();
                assertThat(result.get("output").asText()).isEqualTo("Echo: hi");
                assertThat(result.get("is_error").asBoolean()).isFalse();
                assertThat(rest.get(3).json().get("status").asText()).isEqualTo("completed");
                assertThat(rest.get(3).json().get("text").asText()).isEqualTo("The server said: Echo: hi");
                JsonNode offered = model.requests.getFirst().get("tools");
                assertThat(offered.findValuesAsText("name")).contains("echo");
            }
        }
    }

    @Test
    void givenAnMcpServerThatCannotBeReached_whenTheServerStarts_thenItRefusesWithOneLineNamingTheVariable()
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port + "/mcp";
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST",
                "127.0.0.1", "TURNS_MCP_SERVERS", nowhere, "TURNS_TOOL_TIMEOUT", "5s"));
        assertThatThrownBy(() -> Server.start(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("TURNS_MCP_SERVERS")
                .hasMessageContaining(nowhere)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
