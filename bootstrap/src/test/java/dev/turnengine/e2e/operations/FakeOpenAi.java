package dev.turnengine.e2e.operations;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An OpenAI-compatible chat-completions server on 127.0.0.1 that streams "hi there" and records each request's traceparent. */
final class FakeOpenAi implements AutoCloseable {

    private static final String CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\","
            + "\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";

    private final HttpServer server;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();

    private FakeOpenAi(HttpServer server) {
        this.server = server;
    }

    static FakeOpenAi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        FakeOpenAi fake = new FakeOpenAi(server);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            fake.traceparents.add(traceparent == null ? "" : traceparent);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String frame : List.of(
                        CHUNK.formatted("{\"role\":\"assistant\",\"content\":\"hi \"}", "null"),
                        CHUNK.formatted("{\"content\":\"there\"}", "null"),
                        CHUNK.formatted("{}", "\"stop\""),
                        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\",\"choices\":[],"
                                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}",
                        "[DONE]")) {
                    out.write(("data: " + frame + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.start();
        return fake;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The traceparent of each request received, in order ("" for a request without one). */
    List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
