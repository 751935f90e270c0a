package dev.turnengine.adapter.http.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What slow, half-sent or numerous requests may make the server hold.
 *
 * @param maxConnections open connections at most; a connection beyond it is closed at once
 * @param maxPendingBodyBytes bytes of request bodies being received at once, across all connections; a
 *     request whose body does not fit is refused with 503 and {@code Retry-After}
 * @param requestReadTimeout how long a request's headers may take from their first byte, and how long its
 *     body may go without a byte; past it the request is cut (408)
 */
public record ConnectionLimits(int maxConnections, long maxPendingBodyBytes, Duration requestReadTimeout) {

    public ConnectionLimits {
        Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        if (maxPendingBodyBytes < 1) {
            throw new IllegalArgumentException("maxPendingBodyBytes must be positive");
        }
        if (requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
            throw new IllegalArgumentException("requestReadTimeout must be positive");
        }
    }

    /** 10,000 connections, 128 MiB of bodies in flight, 30 s to finish headers or to send more of a body. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(10_000, 128L * 1024 * 1024, Duration.ofSeconds(30));
    }

    public ConnectionLimits withMaxConnections(int value) {
        return new ConnectionLimits(value, maxPendingBodyBytes, requestReadTimeout);
    }

    public ConnectionLimits withMaxPendingBodyBytes(long value) {
        return new ConnectionLimits(maxConnections, value, requestReadTimeout);
    }

    public ConnectionLimits withRequestReadTimeout(Duration value) {
        return new ConnectionLimits(maxConnections, maxPendingBodyBytes, value);
    }
}
