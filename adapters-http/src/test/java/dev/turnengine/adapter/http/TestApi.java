package dev.turnengine.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.adapter.http.server.ApiServer;
import dev.turnengine.adapter.http.server.HttpSettings;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real engine on in-memory storage behind a real {@link ApiServer} on a free port, with a JDK HTTP
 * client and a token for each of two tenants.
 */
final class TestApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final StoragePorts storage;
    final TurnEngine engine;
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Tenant {@code acme}. */
    final String token;
    /** Tenant {@code globex}, who must not see acme's conversations. */
    final String otherToken;

    private TestApi(Map<String, AgentRunner> agents, SubmitLimits limits, HttpSettings settings) {
        Map<String, AgentRunner> all = new HashMap<>(agents);
        all.putIfAbsent("echo", new EchoAgentRunner());
        storage = new StoragePorts();
        engine = TurnEngine.start(storage.ports(AgentCatalog.of("echo", all)),
                EngineSettings.defaults().withLimits(limits), Clock.systemUTC());
        server = ApiServer.start(engine, settings);
        token = engine.manageTokens().issue(new TenantId("acme")).secret();
        otherToken = engine.manageTokens().issue(new TenantId("globex")).secret();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A plain request to {@code path} with acme's token. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(body(json)).build());
    }

    /** Creates a conversation with {@code agent}; returns its id. */
    String conversation(String agent) {
        Reply reply = postJson("/v1/api/conversations", "{\"agent\":\"" + agent + "\"}");
        if (reply.status() != 201) {
            throw new AssertionError("could not create a conversation: " + reply);
        }
        return reply.json().get("id").asText();
    }

    /** Posts {@code text}; returns the 202 body. */
    JsonNode submit(String conversation, String text) {
        Reply reply = postJson(messages(conversation), "{\"text\":" + quote(text) + "}");
        if (reply.status() != 202) {
            throw new AssertionError("message not accepted: " + reply);
        }
        return reply.json();
    }

    /** Opens an event stream at {@code pathAndQuery} with acme's token and extra headers (name, value …). */
    SseClient stream(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.GET().build(), BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body = new String(response.body().readAllBytes());
                throw new AssertionError("stream not opened: " + response.statusCode() + " " + body);
            }
            return new SseClient(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String messages(String conversation) {
        return "/v1/api/conversations/" + conversation + "/messages";
    }

    static String streamOf(String conversation) {
        return "/v1/api/conversations/" + conversation + "/stream";
    }

    static BodyPublisher body(String json) {
        return BodyPublishers.ofString(json);
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        http.close();
    }

    /** An HTTP answer with its body as text and, when it is JSON, as a tree. */
    record Reply(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        /** The problem's {@code code}, after checking the problem document's shape. */
        String problemCode() {
            String contentType = header("Content-Type");
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                throw new AssertionError("not a problem: " + this);
            }
            JsonNode problem = json();
            for (String field : new String[] {"type", "title", "status", "detail", "code"}) {
                if (!problem.hasNonNull(field)) {
                    throw new AssertionError("problem without " + field + ": " + response.body());
                }
            }
            if (problem.get("status").asInt() != status()) {
                throw new AssertionError("problem status differs from the response's: " + response.body());
            }
            return problem.get("code").asText();
        }

        @Override
        public String toString() {
            return response.request().method() + " " + response.uri().getPath() + " -> " + status() + " "
                    + response.body();
        }
    }

    /** Configures a test server. */
    static final class Builder {

        private final Map<String, AgentRunner> agents = new HashMap<>();
        private SubmitLimits limits = SubmitLimits.defaults();
        private HttpSettings settings = HttpSettings.defaults().withHost("127.0.0.1").withPort(0)
                .withPingInterval(Duration.ofSeconds(15)).withShutdownGrace(Duration.ofSeconds(2));

        Builder agent(String name, AgentRunner runner) {
            agents.put(name, runner);
            return this;
        }

        Builder limits(SubmitLimits value) {
            limits = value;
            return this;
        }

        Builder http(java.util.function.UnaryOperator<HttpSettings> change) {
            settings = change.apply(settings);
            return this;
        }

        TestApi start() {
            return new TestApi(agents, limits, settings);
        }
    }
}
