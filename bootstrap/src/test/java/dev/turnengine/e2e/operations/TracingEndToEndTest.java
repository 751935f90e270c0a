package dev.turnengine.e2e.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.turnengine.adapter.telemetry.tracing.Tracing;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A {@code traceparent} sent with a message continues into its turn and onto the model's HTTP call: checked on the
 * spans an in-process exporter receives, and on the header a fake model server receives.
 */
class TracingEndToEndTest {

    private static final String TOKEN = "hq_pat_tracing_end_to_end_token_01234";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01";

    @Test
    void givenTraceparentOnPost_whenTurnRuns_thenSpanTreeAndModelCallJoinThatTrace() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
                FakeOpenAi model = FakeOpenAi.start();
                Server server = Server.start(config(model), Tracing.using(sdk));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            String turnId = postTraced(api, conversation).turnId();
            await().atMost(Duration.ofSeconds(15)).until(() -> spanNamed(exporter, "turn") != null);

            SpanData request = exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("POST /v1/api/conversations/{id}/messages")).findFirst()
                    .orElseThrow();
            SpanData turn = spanNamed(exporter, "turn");
            SpanData queue = spanNamed(exporter, "turn.queue");
            SpanData run = spanNamed(exporter, "turn.run");
            SpanData chat = spanNamed(exporter, "chat openai");
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(request.getParentSpanId()).isEqualTo(CLIENT_SPAN);
            assertThat(turn.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(queue.getParentSpanId()).isEqualTo(turn.getSpanId());
            assertThat(run.getParentSpanId()).isEqualTo(turn.getSpanId());
            assertThat(chat.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(List.of(turn, queue, run, chat)).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
            assertThat(turn.getAttributes().asMap().toString()).contains("turn.id=" + turnId, "turn.status=completed");
            assertThat(chat.getAttributes().asMap().toString()).contains("gen_ai.usage.input_tokens=7");

            assertThat(model.traceparents()).hasSize(1);
            assertThat(model.traceparents().getFirst()).isEqualTo("00-" + TRACE_ID + "-" + chat.getSpanId() + "-01");

            PrometheusText metrics = MetricsEndToEndTest.scrape(server.baseUri());
            assertThat(metrics.sum("model_calls_seconds_count", "provider", "openai", "outcome", "completed")).isEqualTo(1);
            assertThat(metrics.sum("model_tokens_total", "provider", "openai", "direction", "input")).isEqualTo(7);
            assertThat(metrics.sum("model_tokens_total", "provider", "openai", "direction", "output")).isEqualTo(2);
        }
    }

    @Test
    void givenNoExporter_whenTracedMessageRuns_thenTheModelCallStillCarriesTheRequestsTrace() throws Exception {
        try (FakeOpenAi model = FakeOpenAi.start();
                Server server = Server.start(config(model));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            postTraced(api, conversation);
            await().atMost(Duration.ofSeconds(15)).until(() -> model.traceparents().size() == 1);

            assertThat(model.traceparents().getFirst()).startsWith("00-" + TRACE_ID + "-");
        }
    }

    @Test
    void givenTheRecommendedRatioSampler_whenSampledAndUnsampledRequestsRun_thenOnlyTheSampledTraceIsExported()
            throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        Map<String, String> env = new HashMap<>(Map.of("TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1",
                "TURNS_BOOTSTRAP_TOKEN", TOKEN, "TURNS_AGENT", "openai", "TURNS_OPENAI_MODEL", "fake",
                "TURNS_OPENAI_API_KEY", "sk-test"));
        // As the README's "Operating it" recommends, at a ratio of 0 so that only the client's choice counts.
        env.putAll(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0"));
        try (FakeOpenAi model = FakeOpenAi.start()) {
            env.put("TURNS_OPENAI_BASE_URL", model.baseUrl());
            try (Server server = Server.start(ServerConfig.fromEnvironment(env));
                    ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
                String conversation = api.createConversation();
                postTraced(api, conversation);
                await().atMost(Duration.ofSeconds(15)).until(() -> model.traceparents().size() == 1);
                api.postAccepted(conversation, "not traced by the client");
                await().atMost(Duration.ofSeconds(15)).until(() -> model.traceparents().size() == 2);
            }
            assertThat(model.traceparents().get(0)).startsWith("00-" + TRACE_ID + "-").endsWith("-01");
            String unsampled = model.traceparents().get(1);
            assertThat(unsampled).as("an unsampled turn still sends its trace onward")
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]"); // not sampled (02: a random trace id)
            // Closing the server flushed its exporter.
            assertThat(exports).isNotEmpty();
            assertThat(exports).anyMatch(body -> contains(body, hex(TRACE_ID)));
            assertThat(exports).noneMatch(body -> contains(body, hex(unsampled.substring(3, 35))));
        } finally {
            collector.stop(0);
        }
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static boolean contains(byte[] body, byte[] part) {
        for (int i = 0; i + part.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + part.length, part, 0, part.length)) {
                return true;
            }
        }
        return false;
    }

    private static Reply postTraced(ApiClient api, String conversation) {
        HttpRequest request = api.request(ApiClient.messages(conversation))
                .header("Content-Type", "application/json").header("traceparent", TRACEPARENT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}")).build();
        Reply reply = api.send(request);
        assertThat(reply.status()).isEqualTo(202);
        return reply;
    }

    private static ServerConfig config(FakeOpenAi model) {
        return ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1",
                "TURNS_BOOTSTRAP_TOKEN", TOKEN, "TURNS_AGENT", "openai", "TURNS_OPENAI_BASE_URL", model.baseUrl(),
                "TURNS_OPENAI_MODEL", "fake", "TURNS_OPENAI_API_KEY", "sk-test"));
    }

    private static SpanData spanNamed(InMemorySpanExporter exporter, String name) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElse(null);
    }
}
