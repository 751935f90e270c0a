package dev.turnengine.adapter.http.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds every {@link SseConnection} is opened with (taken from the server's settings).
 *
 * @param pingInterval how often an idle connection gets a {@code : ping} comment
 * @param retryHint the reconnection delay announced first, in the {@code retry:} field
 * @param bufferBytes how many bytes of events one connection may hold for a slow reader before it is ended
 */
public record SseSettings(Duration pingInterval, Duration retryHint, long bufferBytes) {

    public SseSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(retryHint, "retryHint");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive");
        }
        if (retryHint.isNegative()) {
            throw new IllegalArgumentException("retryHint cannot be negative");
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be positive");
        }
    }
}
