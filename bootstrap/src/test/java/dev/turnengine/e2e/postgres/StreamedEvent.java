package dev.turnengine.e2e.postgres;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server-sent event as a client received it: its {@code id:} sequence, {@code event:} type, parsed
 * {@code data:}, and when it arrived ({@link System#nanoTime()}), for latency figures.
 */
record StreamedEvent(long seq, String type, String turnId, JsonNode data, long arrivedNanos) {

    boolean isFinal() {
        return "final".equals(type);
    }

    /** A {@code text_delta}'s new text. */
    String delta() {
        return data.path("delta").asText();
    }

    /** A {@code final}'s status: completed, interrupted or failed. */
    String status() {
        return data.path("status").asText();
    }

    /** A {@code final}'s whole reply text. */
    String text() {
        return data.path("text").asText();
    }

    /** A failed {@code final}'s error code, or empty. */
    String errorCode() {
        return data.path("error").path("code").asText();
    }
}
