package dev.turnengine.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The turn engine's HTTP API as tests, fault tests and the load driver call it: the JDK client over HTTP/1.1
 * keep-alive connections on virtual threads, acting with one bearer token.
 */
public final class ApiClient implements AutoCloseable {

    /** Reads and writes the API's JSON. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /** A client of the server at {@code base} acting with {@code token}. */
    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public URI base() {
        return base;
    }

    public String token() {
        return token;
    }

    /** The JDK client underneath, for requests this class has no shortcut for. */
    public HttpClient http() {
        return http;
    }

    /** {@code path} (with its query) on this server. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A request to {@code path} carrying the token. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token);
    }

    /** An authenticated JSON POST to {@code path}. */
    public HttpRequest json(String path, String body) {
        return request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build();
    }

    /** The request that posts {@code text} to a conversation. */
    public HttpRequest message(String conversationId, String text) {
        return json(messages(conversationId), "{\"text\":" + quote(text) + "}");
    }

    /** Sends {@code request}; the reply keeps the body as text and how long the exchange took. */
    public Reply send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            return new Reply(http.send(request, BodyHandlers.ofString()), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Any authenticated request; {@code body} (JSON) null for none. */
    public Reply send(String method, String path, String body, Optional<String> idempotencyKey) {
        HttpRequest.Builder request = request(path)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return send(request.build());
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public Reply postJson(String path, String json) {
        return send(json(path, json));
    }

    /** {@code GET /health}, without a token. */
    public Reply health() {
        return send(HttpRequest.newBuilder(uri("/health")).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /** Creates a conversation with the default agent; returns its id. */
    public String createConversation() {
        return created(postJson("/v1/api/conversations", "{}"));
    }

    /** Creates a conversation with {@code agent}; returns its id. */
    public String createConversation(String agent) {
        return created(postJson("/v1/api/conversations", "{\"agent\":" + quote(agent) + "}"));
    }

    /** Posts a message, with an idempotency key when given one. */
    public Reply post(String conversationId, String text, Optional<String> key) {
        return send("POST", messages(conversationId), "{\"text\":" + quote(text) + "}", key);
    }

    /** Posts a message that must be accepted; returns the 202 body. */
    public JsonNode submit(String conversationId, String text) {
        Reply reply = post(conversationId, text, Optional.empty());
        if (reply.status() != 202) {
            throw new AssertionError("message not accepted: " + reply);
        }
        return reply.json();
    }

    /** Posts a message that must be accepted; returns its turn id. */
    public String postAccepted(String conversationId, String text) {
        return post(conversationId, text, Optional.empty()).turnId();
    }

    public Reply interrupt(String conversationId) {
        return send("POST", "/v1/api/conversations/" + conversationId + "/interrupt", "{}", Optional.empty());
    }

    /** The conversation's turns, oldest first, as the API lists them. */
    public List<JsonNode> turns(String conversationId) {
        Reply reply = expect(200, get("/v1/api/conversations/" + conversationId + "/turns?limit=500"));
        List<JsonNode> turns = new ArrayList<>();
        reply.json().path("turns").forEach(turns::add);
        return turns;
    }

    public JsonNode turn(String conversationId, String turnId) {
        return expect(200, get("/v1/api/conversations/" + conversationId + "/turns/" + turnId)).json();
    }

    /** Opens an event stream at {@code pathAndQuery} with extra headers (name, value …); see {@link SseClient#open}. */
    public SseClient stream(String pathAndQuery, String... headers) {
        return SseClient.open(this, pathAndQuery, headers);
    }

    public static String messages(String conversationId) {
        return "/v1/api/conversations/" + conversationId + "/messages";
    }

    public static String streamOf(String conversationId) {
        return "/v1/api/conversations/" + conversationId + "/stream";
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message of numbered words ({@code word1 word2 …}): the echo agent streams one delta per word. */
    public static String words(String word, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> word + i).collect(Collectors.joining(" "));
    }

    /** The {@code turn_id} of a 202 answer, read without a JSON parser (for load drivers). */
    public static String turnId(String acceptedBody) {
        String turnId = SseFrame.field(acceptedBody, "turn_id");
        if (turnId == null) {
            throw new IllegalStateException("not an acceptance: " + acceptedBody);
        }
        return turnId;
    }

    /** Drops every connection, open streams included, without waiting for them. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ": " + reply);
        }
        return reply;
    }

    private static String created(Reply reply) {
        return expect(201, reply).json().get("id").asText();
    }
}
