package dev.turnengine.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.adapter.http.server.ApiServer;
import dev.turnengine.adapter.http.server.HttpSettings;
import dev.turnengine.adapter.http.server.HttpTelemetry;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real engine on in-memory storage behind a real {@link ApiServer} on a free port, with the test kit's API
 * client acting for tenant {@code acme} and a token for a second tenant.
 */
final class TestApi implements AutoCloseable {

    static final ObjectMapper JSON = ApiClient.JSON;

    final StoragePorts storage;
    final TurnEngine engine;
    final ApiServer server;
    /** Acme's client. */
    final ApiClient client;
    final HttpClient http;
    /** Tenant {@code acme}. */
    final String token;
    /** Tenant {@code globex}, who must not see acme's conversations. */
    final String otherToken;

    private TestApi(Map<String, AgentRunner> agents, SubmitLimits limits, HttpSettings settings,
            List<ServerTools> serverTools, ToolSettings tools, HttpTelemetry telemetry) {
        Map<String, AgentRunner> all = new HashMap<>(agents);
        all.putIfAbsent("echo", new EchoAgentRunner());
        storage = new StoragePorts();
        engine = TurnEngine.start(storage.ports(AgentCatalog.of("echo", all)).withServerTools(serverTools),
                EngineSettings.defaults().withLimits(limits).withTools(tools), Clock.systemUTC());
        server = ApiServer.start(engine, settings, telemetry);
        token = engine.manageTokens().issue(new TenantId("acme")).secret();
        otherToken = engine.manageTokens().issue(new TenantId("globex")).secret();
        client = new ApiClient(server.baseUri(), token);
        http = client.http();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A plain request to {@code path} with acme's token. */
    HttpRequest.Builder request(String path) {
        return client.request(path);
    }

    URI uri(String path) {
        return client.uri(path);
    }

    Reply send(HttpRequest request) {
        return client.send(request);
    }

    Reply get(String path) {
        return client.get(path);
    }

    Reply postJson(String path, String json) {
        return client.postJson(path, json);
    }

    /** Creates a conversation with {@code agent}; returns its id. */
    String conversation(String agent) {
        return client.createConversation(agent);
    }

    /** Posts {@code text}; returns the 202 body. */
    JsonNode submit(String conversation, String text) {
        return client.submit(conversation, text);
    }

    /** Opens an event stream at {@code pathAndQuery} with acme's token and extra headers (name, value …). */
    SseClient stream(String pathAndQuery, String... headers) {
        return client.stream(pathAndQuery, headers);
    }

    static String messages(String conversation) {
        return ApiClient.messages(conversation);
    }

    static String streamOf(String conversation) {
        return ApiClient.streamOf(conversation);
    }

    static BodyPublisher body(String json) {
        return BodyPublishers.ofString(json);
    }

    static String quote(String text) {
        return ApiClient.quote(text);
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        client.close();
    }

    /** Configures a test server. */
    static final class Builder {

        private final Map<String, AgentRunner> agents = new HashMap<>();
        private SubmitLimits limits = SubmitLimits.defaults();
        private final List<ServerTools> serverTools = new ArrayList<>();
        private ToolSettings tools = ToolSettings.defaults();
        private HttpSettings settings = HttpSettings.defaults().withHost("127.0.0.1").withPort(0)
                .withPingInterval(Duration.ofSeconds(15)).withShutdownGrace(Duration.ofSeconds(2));
        private HttpTelemetry telemetry = HttpTelemetry.none();

        Builder telemetry(HttpTelemetry value) {
            telemetry = value;
            return this;
        }

        Builder agent(String name, AgentRunner runner) {
            agents.put(name, runner);
            return this;
        }

        Builder serverTools(ServerTools value) {
            serverTools.add(value);
            return this;
        }

        Builder tools(ToolSettings value) {
            tools = value;
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
            return new TestApi(agents, limits, settings, serverTools, tools, telemetry);
        }
    }
}
