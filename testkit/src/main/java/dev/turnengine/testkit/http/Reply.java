package dev.turnengine.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP answer with its body as text and, when it is JSON, as a tree, and how long the exchange took.
 *
 * @param response the JDK response
 * @param took from sending the request to having the whole body
 */
public record Reply(HttpResponse<String> response, Duration took) {

    public int status() {
        return response.statusCode();
    }

    /** The first value of a response header, or null. */
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    public String body() {
        return response.body();
    }

    /** The body as JSON; fails the test when it is not. */
    public JsonNode json() {
        try {
            return ApiClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + this, e);
        }
    }

    /** A top-level field of a JSON body as text; empty when the body has none or is not JSON. */
    public String text(String field) {
        try {
            JsonNode tree = response.body().isEmpty() ? MissingNode.getInstance() : ApiClient.JSON.readTree(response.body());
            return tree.path(field).asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** A problem's {@code code}, without checking the document (empty when there is none). */
    public String code() {
        return text("code");
    }

    /** The problem's {@code code}, after checking the RFC 9457 document's shape. */
    public String problemCode() {
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

    /** Whether a message post was accepted (202). */
    public boolean accepted() {
        return status() == 202;
    }

    /** The accepted turn's id; fails the test unless the post was accepted. */
    public String turnId() {
        if (!accepted()) {
            throw new AssertionError("post not accepted: " + this);
        }
        return text("turn_id");
    }

    /** Whether an accepted post replayed an earlier one under the same idempotency key. */
    public boolean idempotent() {
        return json().path("idempotent").asBoolean();
    }

    @Override
    public String toString() {
        return response.request().method() + " " + response.uri().getPath() + " -> " + status() + " "
                + response.body();
    }
}
