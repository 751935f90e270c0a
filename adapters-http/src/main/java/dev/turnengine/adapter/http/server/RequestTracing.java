package dev.turnengine.adapter.http.server;

import dev.turnengine.domain.trace.TraceContext;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * A server span for every API request, continuing the W3C {@code traceparent} the client sent; a message's
 * route hands the span on to the turn it starts through {@link #traceOf(HttpRequest)}. With the no-op
 * OpenTelemetry the span records nothing but still carries the client's trace.
 */
@ServerFilter("/v1/**")
public final class RequestTracing {

    private static final String SPAN = "turn-engine.span";
    private static final TextMapGetter<HttpRequest<?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest<?> request) {
            return request.getHeaders().names();
        }

        @Override
        public String get(HttpRequest<?> request, String key) {
            return request == null ? null : request.getHeaders().get(key);
        }
    };
    private static final TextMapSetter<Map<String, String>> MAP = (map, key, value) -> map.put(key, value);

    private final Tracer tracer;

    RequestTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.turnengine.http");
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        // Named by its method alone (as the HTTP conventions name a span before its route is known); the route is
        // added at the end, and only to spans that record: an unsampled request costs next to nothing.
        Span span = tracer.spanBuilder(request.getMethodName()).setParent(parent).setSpanKind(SpanKind.SERVER)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", request.getMethodName());
            span.setAttribute("url.path", request.getPath());
        }
        request.setAttribute(SPAN, span);
    }

    @ResponseFilter
    void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Span span = spanOf(request);
        if (span == null) {
            return;
        }
        if (span.isRecording()) {
            int status = response.code();
            String route = route(request);
            span.updateName(request.getMethodName() + " " + route);
            span.setAttribute("http.route", route);
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    /** The trace context of the request's span, to store with the turn it starts. */
    public static TraceContext traceOf(HttpRequest<?> request) {
        Span span = spanOf(request);
        SpanContext context = span == null ? SpanContext.getInvalid() : span.getSpanContext();
        return context.isValid() ? TraceContext.ofHeaders(fields(context)) : TraceContext.none();
    }

    /**
     * The request's span, or null. Read untyped: every request passes here twice, and a typed read goes through
     * the conversion service where the untyped one is a map lookup.
     */
    private static Span spanOf(HttpRequest<?> request) {
        return request.getAttribute(SPAN).orElse(null) instanceof Span span ? span : null;
    }

    /** The W3C headers of {@code context}: its {@code traceparent} written here when there is no trace state. */
    private static Map<String, String> fields(SpanContext context) {
        if (context.getTraceState().isEmpty()) {
            return Map.of("traceparent", "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                    + context.getTraceFlags().asHex());
        }
        Map<String, String> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(context)), headers, MAP);
        return headers;
    }

    private static String route(HttpRequest<?> request) {
        return BasicHttpAttributes.getUriTemplate(request).orElse(request.getPath());
    }
}
