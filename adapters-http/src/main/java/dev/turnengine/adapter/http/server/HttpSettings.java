package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.sse.SseSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and streams.
 *
 * @param host the interface to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port to listen on; 0 picks a free one
 * @param pingInterval how often an idle event stream gets a {@code : ping} comment (at most 15 s)
 * @param retryHint the reconnection delay announced to event-stream clients in the {@code retry:} field
 * @param sseBufferBytes how many bytes of events one stream may hold for a slow reader before the
 *     connection is ended (the client resumes from its last event id)
 * @param shutdownGrace how long {@code close()} waits for requests in flight
 * @param connectionLimits what slow, half-sent or numerous requests may make the server hold
 */
public record HttpSettings(
        String host, int port, Duration pingInterval, Duration retryHint, long sseBufferBytes,
        Duration shutdownGrace, ConnectionLimits connectionLimits) {

    private static final Duration MAX_PING_INTERVAL = Duration.ofSeconds(15);

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(retryHint, "retryHint");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (pingInterval.isNegative() || pingInterval.isZero() || pingInterval.compareTo(MAX_PING_INTERVAL) > 0) {
            throw new IllegalArgumentException("pingInterval must be positive and at most 15 s");
        }
        if (retryHint.isNegative()) {
            throw new IllegalArgumentException("retryHint cannot be negative");
        }
        if (sseBufferBytes < 1) {
            throw new IllegalArgumentException("sseBufferBytes must be positive");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace cannot be negative");
        }
    }

    /** Settings with the default {@link ConnectionLimits}. */
    public HttpSettings(
            String host, int port, Duration pingInterval, Duration retryHint, long sseBufferBytes,
            Duration shutdownGrace) {
        this(host, port, pingInterval, retryHint, sseBufferBytes, shutdownGrace, ConnectionLimits.defaults());
    }

    /**
     * Port 8080 on every interface, pings every 15 s, a 2 s retry hint, 1 MiB per stream, 10 s to shut down,
     * the default connection limits.
     */
    public static HttpSettings defaults() {
        return new HttpSettings("0.0.0.0", 8080, MAX_PING_INTERVAL, Duration.ofSeconds(2), 1024 * 1024,
                Duration.ofSeconds(10), ConnectionLimits.defaults());
    }

    /** What every event-stream connection is opened with. */
    public SseSettings sse() {
        return new SseSettings(pingInterval, retryHint, sseBufferBytes);
    }

    public HttpSettings withHost(String value) {
        return new HttpSettings(value, port, pingInterval, retryHint, sseBufferBytes, shutdownGrace, connectionLimits);
    }

    public HttpSettings withPort(int value) {
        return new HttpSettings(host, value, pingInterval, retryHint, sseBufferBytes, shutdownGrace, connectionLimits);
    }

    public HttpSettings withPingInterval(Duration value) {
        return new HttpSettings(host, port, value, retryHint, sseBufferBytes, shutdownGrace, connectionLimits);
    }

    public HttpSettings withRetryHint(Duration value) {
        return new HttpSettings(host, port, pingInterval, value, sseBufferBytes, shutdownGrace, connectionLimits);
    }

    public HttpSettings withSseBufferBytes(long value) {
        return new HttpSettings(host, port, pingInterval, retryHint, value, shutdownGrace, connectionLimits);
    }

    public HttpSettings withShutdownGrace(Duration value) {
        return new HttpSettings(host, port, pingInterval, retryHint, sseBufferBytes, value, connectionLimits);
    }

    public HttpSettings withConnectionLimits(ConnectionLimits value) {
        return new HttpSettings(host, port, pingInterval, retryHint, sseBufferBytes, shutdownGrace, value);
    }
}
