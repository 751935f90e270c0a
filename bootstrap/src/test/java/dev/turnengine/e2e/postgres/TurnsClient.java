package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The turn engine's HTTP API as the fault tests call it: plain JDK HTTP, JSON read with Jackson. */
final class TurnsClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final String token;
    private final HttpClient http;

    TurnsClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    String token() {
        return token;
    }

    /** A response: status, JSON body (missing when there was none or it was not JSON) and how long it took. */
    record Reply(int status, JsonNode json, String body, Duration took) {

        String text(String field) {
            return json.path(field).asText();
        }

        /** The problem+json {@code code}, for refusals. */
        String code() {
            return text("code");
        }
    }

    /** What a message post was answered: the reply, and the turn when it was accepted. */
    record Posted(Reply reply) {

        boolean accepted() {
            return reply.status() == 202;
        }

        String turnId() {
            assertThat(reply.status()).as("post answered %s", reply.body()).isEqualTo(202);
            return reply.text("turn_id");
        }

        boolean idempotent() {
            return reply.json().path("idempotent").asBoolean();
        }
    }

    /** A message of numbered words ({@code word1 word2 …}): the echo agent streams one delta per word. */
    static String words(String word, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> word + i).collect(Collectors.joining(" "));
    }

    /** Creates a conversation with the default (echo) agent and returns its id. */
    String createConversation() {
        Reply reply = send("POST", "/v1/api/conversations", "{}", Optional.empty());
        assertThat(reply.status()).as("create conversation: %s", reply.body()).isEqualTo(201);
        return reply.text("id");
    }

    /** Posts a message, with an idempotency key when given one. */
    Posted post(String conversationId, String text, Optional<String> key) {
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Posted(send("POST", "/v1/api/conversations/" + conversationId + "/messages", body, key));
    }

    /** Posts a message that must be accepted; returns its turn id. */
    String postAccepted(String conversationId, String text) {
        return post(conversationId, text, Optional.empty()).turnId();
    }

    Reply interrupt(String conversationId) {
        return send("POST", "/v1/api/conversations/" + conversationId + "/interrupt", "{}", Optional.empty());
    }

    /** The conversation's turns, oldest first, as the API lists them. */
    List<JsonNode> turns(String conversationId) {
        Reply reply = send("GET", "/v1/api/conversations/" + conversationId + "/turns?limit=1000", null, Optional.empty());
        assertThat(reply.status()).as("list turns: %s", reply.body()).isEqualTo(200);
        List<JsonNode> turns = new ArrayList<>();
        reply.json().path("turns").forEach(turns::add);
        return turns;
    }

    JsonNode turn(String conversationId, String turnId) {
        Reply reply = send("GET", "/v1/api/conversations/" + conversationId + "/turns/" + turnId, null,
                Optional.empty());
        assertThat(reply.status()).as("get turn: %s", reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** {@code GET /health}, without a token. */
    Reply health() {
        return exchange(HttpRequest.newBuilder(base.resolve("/health")).GET());
    }

    /** Any authenticated request; {@code body} null for none. */
    Reply send(String method, String path, String body, Optional<String> idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return exchange(request);
    }

    private Reply exchange(HttpRequest.Builder request) {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + base + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode json;
        try {
            json = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            json = MissingNode.getInstance();
        }
        return new Reply(response.statusCode(), json, response.body(), took);
    }
}
