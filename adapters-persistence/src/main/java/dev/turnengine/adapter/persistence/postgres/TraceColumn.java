package dev.turnengine.adapter.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.domain.trace.TraceContext;
import java.util.Map;

/** The {@code trace_context} column of {@code turns}: a trace context as a JSON object, NULL for none. */
final class TraceColumn {

    static final String NAME = "trace_context";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private TraceColumn() {
    }

    static String write(TraceContext trace) {
        if (trace.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(trace.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trace context is plain strings", e);
        }
    }

    /** The stored context; a value this cannot read is no context rather than a turn that cannot be loaded. */
    static TraceContext read(String column) {
        if (column == null) {
            return TraceContext.none();
        }
        try {
            return TraceContext.ofHeaders(JSON.readValue(column, FIELDS));
        } catch (JsonProcessingException e) {
            return TraceContext.none();
        }
    }
}
