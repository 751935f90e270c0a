package dev.turnengine.adapter.agent.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.turnengine.adapter.agent.tracing.AgentTracing;
import dev.turnengine.domain.tool.ToolCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** One MCP server reached over streamable HTTP through LangChain4j's client: its tools, and calls to them. */
final class McpToolServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final DefaultMcpClient client;
    /** What LangChain4j answers when a call outlasts the timeout; unique, so no tool's own output is mistaken for it. */
    private final String timeoutMarker = "mcp-timeout-" + UUID.randomUUID();
    private final Duration timeout;

    McpToolServer(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        try {
            this.client = DefaultMcpClient.builder()
                    .transport(StreamableHttpMcpTransport.builder().url(url.toString()).timeout(timeout)
                            .customHeaders(AgentTracing::currentHeaders).build())
                    .clientName("turn-engine")
                    .initializationTimeout(timeout)
                    .toolExecutionTimeout(timeout)
                    .toolExecutionTimeoutErrorMessage(timeoutMarker)
                    .autoHealthCheck(false)
                    .build();
        } catch (RuntimeException e) {
            throw new McpConfigurationException("cannot connect to the MCP server at " + url + ": " + message(e), e);
        }
    }

    URI url() {
        return url;
    }

    /** The server's tools under their own names, as server tools needing no approval. */
    List<ToolSpec> tools() {
        try {
            return client.listTools().stream().map(McpToolServer::spec).toList();
        } catch (RuntimeException e) {
            throw new McpConfigurationException("cannot list the tools of the MCP server at " + url + ": " + message(e), e);
        }
    }

    private static ToolSpec spec(ToolSpecification tool) {
        String schema = ToolSpec.NO_PARAMETERS;
        if (tool.parameters() != null) {
            try {
                schema = JSON.writeValueAsString(JsonSchemaElementUtils.toMap(tool.parameters()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the schema of MCP tool '" + tool.name() + "' cannot be written", e);
            }
        }
        return ToolSpec.server(tool.name(), tool.description() == null ? "" : tool.description(), schema);
    }

    /** Runs {@code call} as the server's tool {@code serverName}; failures come back as error results. */
    ToolResult call(ToolCall call, String serverName) {
        Span span = AgentTracing.startClientSpan("tool " + serverName);
        span.setAttribute("gen_ai.tool.name", serverName);
        span.setAttribute("gen_ai.tool.call.id", call.callId());
        try (Scope ignored = span.makeCurrent()) {
            ToolResult result = execute(call, serverName);
            if (result.isError()) {
                span.setStatus(StatusCode.ERROR);
            }
            return result;
        } finally {
            span.end();
        }
    }

    private ToolResult execute(ToolCall call, String serverName) {
        try {
            ToolExecutionResult result = client.executeTool(ToolExecutionRequest.builder()
                    .id(call.callId())
                    .name(serverName)
                    .arguments(call.argumentsJson())
                    .build());
            String text = result.resultText() == null ? "" : result.resultText();
            if (text.equals(timeoutMarker)) {
                return ToolResult.error(call, ToolResult.TOOL_TIMEOUT, "the MCP server at " + url
                        + " did not answer within " + timeout.toSeconds() + " s");
            }
            return result.isError() ? ToolResult.error(call, ToolResult.TOOL_FAILED, text) : ToolResult.text(call, text);
        } catch (RuntimeException e) {
            return ToolResult.error(call, ToolResult.TOOL_FAILED, message(e));
        }
    }

    private static String message(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }

    /** For messages and the clash rule: {@code host} of the URL. */
    String host() {
        return url.getHost();
    }
}
