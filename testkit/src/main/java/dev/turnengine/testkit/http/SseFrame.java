package dev.turnengine.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * One block of an event stream as a client parses it, up to its blank line, with the moment it arrived;
 * its JSON data is parsed once, when first asked for.
 */
public final class SseFrame {

    private final String id;
    private final String event;
    private final String data;
    private final String retry;
    private final List<String> comments;
    private final long arrivedNanos;
    private volatile JsonNode json;

    public SseFrame(String id, String event, String data, String retry, List<String> comments, long arrivedNanos) {
        this.id = id;
        this.event = event;
        this.data = data;
        this.retry = retry;
        this.comments = List.copyOf(comments);
        this.arrivedNanos = arrivedNanos;
    }

    /** The {@code id:} field (the event's sequence number), or null. */
    public String id() {
        return id;
    }

    /** The {@code event:} field, or null. */
    public String event() {
        return event;
    }

    /** The {@code data:} lines joined with newlines, or null when there were none. */
    public String data() {
        return data;
    }

    /** The {@code retry:} field, or null. */
    public String retry() {
        return retry;
    }

    /** The comment lines, without the leading colon and space. */
    public List<String> comments() {
        return comments;
    }

    /** {@link System#nanoTime()} when the blank line ending the block arrived, for latency figures. */
    public long arrivedNanos() {
        return arrivedNanos;
    }

    /** An event as the journal holds it, to compare with what a stream delivered. */
    public static SseFrame event(long seq, String type, String json) {
        return new SseFrame(Long.toString(seq), type, json, null, List.of(), 0);
    }

    /** Whether the frame carries an event (not only a {@code retry:} hint or a ping). */
    public boolean isEvent() {
        return data != null;
    }

    /** Whether the frame is the server's keep-alive comment. */
    public boolean isPing() {
        return data == null && comments.contains("ping");
    }

    /** The event type, {@code message} when the frame names none. */
    public String type() {
        return event == null ? "message" : event;
    }

    /** The event's sequence number, its {@code id:}. */
    public long seq() {
        if (id == null) {
            throw new AssertionError("a frame without an id: " + this);
        }
        return Long.parseLong(id);
    }

    public boolean isFinal() {
        return "final".equals(event);
    }

    /** The {@code data:} parsed as JSON. */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            try {
                parsed = ApiClient.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
            json = parsed;
        }
        return parsed;
    }

    public String turnId() {
        return json().path("turn_id").asText();
    }

    /** A {@code text_delta}'s new text. */
    public String delta() {
        return json().path("delta").asText();
    }

    /** A {@code final}'s status: completed, interrupted or failed. */
    public String status() {
        return json().path("status").asText();
    }

    /** A {@code final}'s whole reply text. */
    public String text() {
        return json().path("text").asText();
    }

    /** A failed {@code final}'s error code, or empty. */
    public String errorCode() {
        return json().path("error").path("code").asText();
    }

    @Override
    public String toString() {
        return "SseFrame[id=" + id + ", event=" + event + ", data=" + data + ", retry=" + retry + ", comments="
                + comments + "]";
    }

    /** The value of a string field in JSON text, found without a parser (for load drivers); null if absent. */
    public static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }
}
