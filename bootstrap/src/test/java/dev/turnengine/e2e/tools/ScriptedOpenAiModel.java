package dev.turnengine.e2e.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 that plays a model using one tool: asked without a tool
 * result, it streams a call of {@code echo {"message": "hi"}} ({@code finish_reason: "tool_calls"}); asked with one,
 * it streams text quoting the result. Every request body is kept.
 */
final class ScriptedOpenAiModel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    ScriptedOpenAiModel() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
    }

    /** The base URL to give as {@code TURNS_OPENAI_BASE_URL}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        String toolResult = null;
        for (JsonNode message : request.path("messages")) {
            if (message.path("role").asText().equals("tool")) {
                toolResult = message.path("content").asText();
            }
        }
        StringBuilder body = new StringBuilder();
        if (toolResult == null) {
            ObjectNode call = JSON.createObjectNode().put("index", 0).put("id", "call_e2e").put("type", "function");
            call.putObject("function").put("name", "echo").put("arguments", "{\"message\":\"hi\"}");
            ObjectNode delta = JSON.createObjectNode();
            delta.putArray("tool_calls").add(call);
            body.append(chunk(delta, null)).append(chunk(JSON.createObjectNode(), "tool_calls"));
        } else {
            body.append(chunk(JSON.createObjectNode().put("content", "The server said: " + toolResult), null))
                    .append(chunk(JSON.createObjectNode(), "stop"));
        }
        body.append("data: [DONE]\n\n");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-e2e").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000).put("model", "scripted");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + chunk + "\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
