package dev.turnengine.e2e.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Reads {@code GET /metrics} before and after real turns over HTTP and checks what moved. */
class MetricsEndToEndTest {

    private static final String TOKEN = "hq_pat_metrics_end_to_end_token_0123";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void givenRealTurns_whenMetricsAreScraped_thenCountsAndHistogramsMovedByThoseTurns() throws Exception {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "150"));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            PrometheusText before = scrape(server.baseUri());
            String conversation = api.createConversation();

            String first = api.post(conversation, "one two", Optional.of("key-1")).turnId();
            awaitEnded(api, conversation, first);
            Reply replay = api.post(conversation, "one two", Optional.of("key-1"));
            assertThat(replay.idempotent()).isTrue();
            String second = api.postAccepted(conversation, "three four");
            awaitEnded(api, conversation, second);
            String long_ = api.postAccepted(conversation, "a b c d e f g h i j k l m n o p q r s t");
            try (SseClient stream = api.stream(ApiClient.streamOf(conversation) + "?turn_id=" + long_)) {
                stream.awaitDeltas(long_, 1, Duration.ofSeconds(10));
                assertThat(api.interrupt(conversation).status()).isEqualTo(202);
            }
            awaitEnded(api, conversation, long_);

            // The executor reports a turn right after its final is stored: wait for the third report.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> moved(before, scrape(server.baseUri()), "turns_ended_total") == 3);
            PrometheusText after = scrape(server.baseUri());
            assertThat(moved(before, after, "turns_accepted_total")).isEqualTo(3);
            assertThat(moved(before, after, "turns_ended_total", "status", "completed", "code", "none")).isEqualTo(2);
            assertThat(moved(before, after, "turns_ended_total", "status", "interrupted")).isEqualTo(1);
            assertThat(moved(before, after, "turns_duration_seconds_count", "status", "completed")).isEqualTo(2);
            assertThat(moved(before, after, "turns_queue_wait_seconds_count")).isEqualTo(3);
            assertThat(moved(before, after, "turns_first_delta_seconds_count")).isEqualTo(3);
            assertThat(moved(before, after, "turns_first_delta_seconds_bucket", "le", "+Inf")).isEqualTo(3);
            assertThat(moved(before, after, "turns_idempotent_replays_total")).isEqualTo(1);
            assertThat(moved(before, after, "turns_interrupt_requests_total")).isEqualTo(1);
            assertThat(after.sum("turns_running")).isZero();
            assertThat(after.sum("turns_queued")).isZero();
            assertThat(after.has("turns_waiting")).isTrue();
            assertThat(after.has("sse_streams_open")).isTrue();
            assertThat(after.has("jvm_memory_used_bytes")).isTrue();
            assertThat(after.has("process_cpu_usage")).isTrue();
            assertThat(after.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                    .noneMatch(value -> UUID.matcher(value).find() || value.startsWith("hq_pat_")));
        }
    }

    @Test
    void givenAnOpenStream_whenScraped_thenItIsCountedUntilItCloses() throws Exception {
        try (Server server = start(Map.of()); ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            double before = scrape(server.baseUri()).sum("sse_streams_open");
            try (SseClient stream = api.stream(ApiClient.streamOf(conversation))) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> scrape(server.baseUri()).sum("sse_streams_open") == before + 1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> scrape(server.baseUri()).sum("sse_streams_open") == before);
        }
    }

    @Test
    void givenMetricsOff_whenMetricsIsRequested_thenThereIsNoSuchRoute() throws Exception {
        try (Server server = start(Map.of("TURNS_METRICS", "off"))) {
            assertThat(get(server.baseUri(), "/metrics").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void givenAWebhookReceiver_whenATurnEnds_thenTheDeliveryIsCountedByOutcome() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (Server server = start(Map.of("TURNS_WEBHOOK_ALLOW_PRIVATE", "true"));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            assertThat(api.send("PUT", "/v1/api/webhook", "{\"url\": \"" + url + "\"}", Optional.empty()).status())
                    .isEqualTo(200);
            PrometheusText before = scrape(server.baseUri());
            String conversation = api.createConversation();
            awaitEnded(api, conversation, api.postAccepted(conversation, "ping"));

            await().atMost(Duration.ofSeconds(15)).until(() -> moved(before, scrape(server.baseUri()),
                    "webhook_deliveries_seconds_count", "outcome", "delivered") == 1);
        } finally {
            receiver.stop(0);
        }
    }

    private static Server start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN));
        env.putAll(extra);
        return Server.start(ServerConfig.fromEnvironment(env));
    }

    private static void awaitEnded(ApiClient api, String conversation, String turnId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String status = api.turn(conversation, turnId).path("status").asText();
            return status.equals("completed") || status.equals("interrupted") || status.equals("failed");
        });
    }

    private static double moved(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    static PrometheusText scrape(URI base) throws Exception {
        HttpResponse<String> response = get(base, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(response.body());
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
