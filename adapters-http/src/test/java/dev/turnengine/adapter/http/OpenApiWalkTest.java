package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.adapter.http.server.HttpTelemetry;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks {@code GET /v1/openapi.json} against the running server: every served route is documented and every
 * documented one served; real requests answer only documented status codes, and their bodies (SSE events
 * included) validate against the documented schemas.
 */
class OpenApiWalkTest {

    private static final String DOCUMENT_URI = "https://turn-engine.invalid/openapi.json";

    private static TestApi api;
    private static JsonNode document;
    private static SchemaRegistry schemas;
    private final Set<String> observed = new TreeSet<>();

    @BeforeAll
    static void start() {
        api = TestApi.builder().agent("slow", new EchoAgentRunner(Duration.ofMillis(300)))
                .limits(new SubmitLimits(1_000, 4, 4_096, 1 << 20, 4_096))
                .telemetry(new HttpTelemetry(EngineMetrics.none(), OpenTelemetry.noop(),
                        Optional.of(() -> "# no meters\n")))
                .start();
        Reply reply = api.send(HttpRequest.newBuilder(api.uri("/v1/openapi.json")).build());
        assertThat(reply.status()).isEqualTo(200);
        document = reply.json();
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT_URI, reply.body())));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void givenTheDocument_whenComparedWithTheRouter_thenEveryServedRouteIsDocumentedAndNoOtherIs() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + normalize(path.getKey()))));
        // Micronaut answers HEAD for every GET by itself; the document describes the GETs.
        Set<String> served = api.server.routes().stream().filter(route -> !route.startsWith("HEAD "))
                .map(route -> route.substring(0, route.indexOf(' ') + 1) + normalize(route.substring(route.indexOf(' ') + 1)))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(served);
    }

    @Test
    void givenRealRequests_whenAnswered_thenStatusesAreDocumentedAndBodiesValidate() throws Exception {
        String noToken = "Bearer hq_pat_nobody_has_this_token_000";
        call("GET", "/health", "/health", null, null);
        call("GET", "/metrics", "/metrics", null, null);
        call("GET", "/v1/openapi.json", "/v1/openapi.json", null, null);
        call("GET", "/", "/", null, null);
        call("GET", "/chat.js", "/chat.js", null, null);
        call("GET", "/chat.css", "/chat.css", null, null);
        for (String page : new String[] {"/chat-tools.js", "/demo-handlers.js", "/browser-client.js", "/browser-demo",
                "/browser-demo/search", "/browser-demo/order", "/browser-demo/about"}) {
            call("GET", page, page, null, null);
        }

        String conversations = "/v1/api/conversations";
        String c = call("POST", conversations, conversations, "{}", null).json().path("id").asText();
        call("POST", conversations, conversations, "{\"agent\":", null);
        call("POST", conversations, conversations, "{}", noToken);
        send("POST", conversations, conversations, HttpRequest.newBuilder(api.uri(conversations))
                .header("Authorization", "Bearer " + api.token).header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hello")));
        String conversation = conversations + "/{id}";
        call("GET", conversation, conversations + "/" + c, null, null);
        call("GET", conversation, conversations + "/not-a-uuid", null, null);
        call("GET", conversation, conversations + "/" + java.util.UUID.randomUUID(), null, null);

        String messages = conversation + "/messages";
        String m = conversations + "/" + c + "/messages";
        String first = call("POST", messages, m, "{\"text\":\"hello there\",\"idempotency_key\":\"k1\"}", null)
                .json().path("turn_id").asText();
        call("POST", messages, m, "{\"text\":\"hello there\",\"idempotency_key\":\"k1\"}", null);
        call("POST", messages, m, "{\"text\":\"something else\",\"idempotency_key\":\"k1\"}", null);
        call("POST", messages, m, "{}", null);
        call("POST", messages, m, "{\"text\":\"" + "x".repeat(1_001) + "\"}", null);
        call("POST", messages, m, "{\"text\":\"hi\",\"browser_session\":true}", null);
        call("POST", messages, conversations + "/" + java.util.UUID.randomUUID() + "/messages",
                "{\"text\":\"hi\"}", null);
        send("POST", messages, m, HttpRequest.newBuilder(api.uri(m)).header("Authorization", "Bearer " + api.token)
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("hi")));

        String stream = conversation + "/stream";
        String s = conversations + "/" + c + "/stream";
        List<SseFrame> events;
        try (SseClient client = api.stream(s + "?turn_id=" + first)) {
            events = client.eventsUntilFinal();
        }
        Schema event = schema("StreamEvent");
        assertThat(events).extracting(SseFrame::event).contains("turn_accepted", "turn_started", "text_delta", "final");
        for (SseFrame frame : events) {
            assertThat(event.validate(frame.data(), InputFormat.JSON)).as(frame.data()).isEmpty();
        }
        observed.add("GET " + stream + " 200");
        String last = events.getLast().id();
        send("GET", stream, s, api.request(s + "?turn_id=" + first).header("Last-Event-ID", last).GET());
        call("GET", stream, s + "?after=99999", null, null);

        String turns = conversation + "/turns";
        call("GET", turns, conversations + "/" + c + "/turns", null, null);
        call("GET", turns + "/{turn_id}", conversations + "/" + c + "/turns/" + first, null, null);
        call("GET", turns + "/{turn_id}", conversations + "/" + c + "/turns/" + java.util.UUID.randomUUID(), null, null);

        String interrupt = conversation + "/interrupt";
        call("POST", interrupt, conversations + "/" + c + "/interrupt", null, null);
        String slow = api.conversation("slow");
        String slowMessages = conversations + "/" + slow + "/messages";
        call("POST", messages, slowMessages, "{\"text\":\"one two three four five six\"}", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(conversations + "/" + slow).json()
                .path("status").asText().equals("busy"));
        call("POST", messages, slowMessages, "{\"text\":\"again\",\"on_busy\":\"reject\"}", null);
        call("POST", interrupt, conversations + "/" + slow + "/interrupt", null, null);

        call("GET", conversations, conversations + "?limit=2", null, null);
        call("GET", conversations, conversations + "?limit=0", null, null);
        String cancel = conversation + "/turns/{turn_id}/cancel";
        call("POST", cancel, conversations + "/" + c + "/turns/" + first + "/cancel", null, null);
        call("POST", cancel, conversations + "/" + c + "/turns/" + java.util.UUID.randomUUID() + "/cancel", null, null);
        String answer = conversation + "/turns/{turn_id}/tool-calls/{call_id}";
        call("POST", answer, conversations + "/" + c + "/turns/" + first + "/tool-calls/call_unknown",
                "{\"decision\": \"approve\"}", null);
        call("POST", answer, conversations + "/" + c + "/turns/" + first + "/tool-calls/call_unknown",
                "{\"neither\": 1}", null);
        String webhook = "/v1/api/webhook";
        call("GET", webhook, webhook, null, null);
        call("PUT", webhook, webhook, "{\"url\":\"http://127.0.0.1:9/hook\"}", null);
        call("PUT", webhook, webhook, "{\"url\":\"https://hooks.example.com/turns\"}", null);
        call("DELETE", webhook, webhook, null, null);
        String doomed = api.conversation("echo");
        call("DELETE", conversation, conversations + "/" + doomed, null, null);
        call("DELETE", conversation, conversations + "/" + doomed, null, null);

        String presence = "/v1/api/browser/presence";
        send("PUT", presence, presence, api.request(presence).PUT(BodyPublishers.noBody()));
        send("DELETE", presence, presence, api.request(presence).DELETE());

        api.storage.takeDown(TurnStore.class);
        try {
            call("GET", turns, conversations + "/" + c + "/turns", null, null);
        } finally {
            api.storage.restore();
        }

        assertThat(observed).contains(
                "POST " + messages + " 202", "POST " + messages + " 400", "POST " + messages + " 404",
                "POST " + messages + " 409", "POST " + messages + " 413", "POST " + messages + " 415",
                "POST " + messages + " 422", "POST " + conversations + " 401", "GET " + stream + " 204",
                "GET " + stream + " 400", "POST " + interrupt + " 200", "POST " + interrupt + " 202",
                "GET " + turns + " 503", "GET " + conversations + " 200", "DELETE " + conversation + " 204",
                "DELETE " + conversation + " 404", "POST " + cancel + " 200", "POST " + cancel + " 404",
                "PUT " + webhook + " 400");
        Set<String> operations = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> exercised = observed.stream().map(o -> o.substring(0, o.lastIndexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).as("every documented operation was called").containsAll(operations);
    }

    private Reply call(String method, String documentedPath, String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path));
        request.header("Authorization", authorization == null ? "Bearer " + api.token : authorization);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        return send(method, documentedPath, path, request);
    }

    /** Sends, then checks the status is documented for the route and the body matches the documented schema. */
    private Reply send(String method, String documentedPath, String path, HttpRequest.Builder request) {
        Reply reply = api.send(request.build());
        String where = method + " " + path + " -> " + reply.status() + " " + reply.body();
        JsonNode operation = document.path("paths").path(documentedPath).path(method.toLowerCase());
        assertThat(operation.isMissingNode()).as("documented: %s %s", method, documentedPath).isFalse();
        JsonNode response = operation.path("responses").path(Integer.toString(reply.status()));
        assertThat(response.isMissingNode()).as("status documented: " + where).isFalse();
        observed.add(method + " " + documentedPath + " " + reply.status());
        String contentType = reply.header("Content-Type") == null ? "" : reply.header("Content-Type");
        JsonNode content = response.path("content");
        if (reply.status() == 204 || reply.body().isEmpty()) {
            assertThat(content.isMissingNode() || content.isEmpty()).as("no body documented: " + where).isTrue();
            return reply;
        }
        String mediaType = contentType.split(";")[0].trim();
        assertThat(content.has(mediaType)).as("content type %s documented: %s", mediaType, where).isTrue();
        if (mediaType.endsWith("json")) {
            String pointer = content.path(mediaType).path("schema").path("$ref").asText();
            if (!pointer.isEmpty()) {
                Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + pointer));
                assertThat(schema.validate(reply.body(), InputFormat.JSON)).as(where).isEmpty();
            }
            if (reply.status() >= 400) {
                Iterator<JsonNode> codes = response.path("x-problem-codes").iterator();
                List<String> allowed = new ArrayList<>();
                codes.forEachRemaining(code -> allowed.add(code.asText()));
                assertThat(allowed).as("problem code documented: " + where).contains(reply.problemCode());
            }
        }
        return reply;
    }

    private static Schema schema(String name) {
        return schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + "#/components/schemas/" + name));
    }

    private static String normalize(String template) {
        return template.replaceAll("\\{[^}]*}", "{}").replaceAll("(.)/$", "$1");
    }
}
