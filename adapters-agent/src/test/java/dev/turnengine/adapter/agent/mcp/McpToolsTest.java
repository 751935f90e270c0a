package dev.turnengine.adapter.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import dev.turnengine.testkit.mcp.EverythingMcpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against the MCP reference server, run for real on a loopback port. */
@Timeout(120)
class McpToolsTest {

    private static EverythingMcpServer server;
    private static McpTools tools;

    @BeforeAll
    static void startServer() throws Exception {
        Assumptions.assumeTrue(EverythingMcpServer.canRun(), EverythingMcpServer.MISSING);
        server = EverythingMcpServer.start();
        tools = McpTools.connect(List.of(server.url()), EverythingMcpServer.timeout());
    }

    @AfterAll
    static void stopServer() {
        if (tools != null) {
            tools.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenTheReferenceServer_whenConnected_thenItsToolsAreOfferedUnderTheirNamesWithTheirSchemas() {
        ToolSpec echo = tools.offered().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();

        assertThat(echo.description()).isNotBlank();
        assertThat(echo.executor()).isEqualTo(ToolExecutor.SERVER);
        assertThat(echo.requiresApproval()).isFalse();
        assertThat(echo.parametersSchemaJson()).contains("\"message\"").contains("\"required\"");
        assertThat(tools.offered()).extracting(ToolSpec::name).contains("get-sum").doesNotHaveDuplicates();
    }

    @Test
    void givenEcho_whenCalled_thenTheServersAnswerComesBack() {
        ToolResult result = tools.run(new ToolCall("call_1", "echo", "{\"message\":\"hello MCP\"}"));

        assertThat(result.isError()).isFalse();
        assertThat(result.callId()).isEqualTo("call_1");
        assertThat(result.output().asText()).isEqualTo("Echo: hello MCP");
    }

    @Test
    void givenArgumentsTheToolRejects_whenCalled_thenAToolFailedResult() {
        ToolResult result = tools.run(new ToolCall("call_2", "echo", "{\"wrong\":1}"));

        assertThat(result.isError()).isTrue();
        assertThat(result.output().asText()).startsWith("tool_failed: ");
    }

    @Test
    void givenArgumentsThatAreNotJson_whenCalled_thenAToolFailedResult() {
        ToolResult result = tools.run(new ToolCall("call_3", "echo", "{not json"));

        assertThat(result.isError()).isTrue();
        assertThat(result.output().asText()).startsWith("tool_failed: ");
    }

    @Test
    void givenANameNoServerOffers_whenCalled_thenUnknownTool() {
        ToolResult result = tools.run(new ToolCall("call_4", "no_such_tool", "{}"));

        assertThat(result.isError()).isTrue();
        assertThat(result.output().asText()).startsWith("unknown_tool: ");
    }

    @Test
    void givenTwoServersWithTheSameTools_whenConnected_thenTheLatersAreOfferedUnderItsHostAndBothRun() {
        try (McpTools twice = McpTools.connect(List.of(server.url(), server.url()), EverythingMcpServer.timeout())) {
            List<String> names = twice.offered().stream().map(ToolSpec::name).toList();

            assertThat(names).contains("echo", "127.0.0.1__echo").doesNotHaveDuplicates();
            assertThat(names).hasSize(2 * tools.offered().size());
            assertThat(twice.run(new ToolCall("c", "127.0.0.1__echo", "{\"message\":\"again\"}")).output().asText())
                    .isEqualTo("Echo: again");
        }
    }

    @Test
    void givenAServerThatIsNotRunning_whenConnecting_thenTheErrorNamesIt() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + freePort + "/mcp");

        assertThatThrownBy(() -> McpTools.connect(List.of(nowhere), EverythingMcpServer.timeout()))
                .isInstanceOf(McpConfigurationException.class)
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void givenTheVariable_whenRead_thenItsUrlsInOrderAndABadOneNamed() {
        assertThat(McpServers.fromEnvironment(Map.of())).isEmpty();
        assertThat(McpServers.fromEnvironment(Map.of("TURNS_MCP_SERVERS", " http://a:1/mcp, https://b/mcp ,")))
                .containsExactly(URI.create("http://a:1/mcp"), URI.create("https://b/mcp"));
        assertThatThrownBy(() -> McpServers.fromEnvironment(Map.of("TURNS_MCP_SERVERS", "ftp://x")))
                .isInstanceOf(McpConfigurationException.class)
                .hasMessageContaining("TURNS_MCP_SERVERS").hasMessageContaining("ftp://x");
    }
}
