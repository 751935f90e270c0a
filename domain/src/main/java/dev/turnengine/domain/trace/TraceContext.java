package dev.turnengine.domain.trace;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trace a turn belongs to, carried opaquely through the core and stored with the turn: the W3C
 * {@code traceparent} (and {@code tracestate}) of the request that started it, as header name to value.
 * Only the tracing adapter reads it; the core hands it on, so a turn that runs later or on another node
 * continues the trace of its request.
 */
public record TraceContext(Map<String, String> fields) {

    /** More than a traceparent and a full tracestate (512 characters by the W3C rules) is not a trace context. */
    public static final int MAX_CHARS = 1024;

    private static final TraceContext NONE = new TraceContext(Map.of());

    public TraceContext {
        fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
        int chars = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) { // a loop: this runs for every traced request
            chars += field.getKey().length() + field.getValue().length();
        }
        if (chars > MAX_CHARS) {
            throw new IllegalArgumentException("a trace context holds at most " + MAX_CHARS + " characters");
        }
    }

    /** No trace: the turn starts a trace of its own, if tracing is on at all. */
    public static TraceContext none() {
        return NONE;
    }

    /** The context these headers carry, or none when they are too long to be one. */
    public static TraceContext ofHeaders(Map<String, String> headers) {
        try {
            return headers.isEmpty() ? NONE : new TraceContext(headers);
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The W3C {@code traceparent}, when there is one. */
    public Optional<String> traceparent() {
        return Optional.ofNullable(fields.get("traceparent"));
    }
}
