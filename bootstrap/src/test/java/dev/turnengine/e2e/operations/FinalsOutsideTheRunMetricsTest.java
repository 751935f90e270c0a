package dev.turnengine.e2e.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Finals the executor does not write itself (a queued turn cancelled, turns ended by their conversation's
 * deletion) are counted in {@code /metrics} like any other, once each, with their status and error code.
 */
class FinalsOutsideTheRunMetricsTest {

    private static final String TOKEN = "hq_pat_finals_outside_the_run_token_01";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** At 150 ms a word, a turn that runs for six seconds unless stopped. */
    private static final String LONG = ApiClient.words("word", 40);

    @Test
    void givenQueuedTurn_whenInterruptedById_thenCountedAsInterruptedWithoutCode() throws Exception {
        try (Server server = start(); ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            String running = startRunning(api, conversation);
            PrometheusText before = MetricsEndToEndTest.scrape(server.baseUri());
            String queued = api.postAccepted(conversation, "later");

            assertThat(api.send("POST", "/v1/api/conversations/" + conversation + "/interrupt",
                    "{\"turn_id\":\"" + queued + "\"}", Optional.empty()).status()).isEqualTo(202);

            assertThat(api.turn(conversation, queued).path("status").asText()).isEqualTo("interrupted");
            PrometheusText after = MetricsEndToEndTest.scrape(server.baseUri());
            assertThat(moved(before, after, "turns_ended_total", "status", "interrupted", "code", "none")).isEqualTo(1);
            assertThat(moved(before, after, "turns_duration_seconds_count", "status", "interrupted")).isEqualTo(1);
            assertThat(api.turn(conversation, running).path("status").asText()).isEqualTo("running");

            api.interrupt(conversation);
            await().atMost(WAIT).until(() -> moved(before, MetricsEndToEndTest.scrape(server.baseUri()),
                    "turns_ended_total", "status", "interrupted") == 2);
        }
    }

    @Test
    void givenRunningAndQueuedTurns_whenAMessageInterruptsThem_thenEachCountedOnce() throws Exception {
        try (Server server = start(); ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            PrometheusText before = MetricsEndToEndTest.scrape(server.baseUri());
            startRunning(api, conversation);
            api.postAccepted(conversation, "queued behind it");

            String next = api.send("POST", ApiClient.messages(conversation),
                    "{\"text\":\"instead\",\"on_busy\":\"interrupt\"}", Optional.empty()).turnId();
            await().atMost(WAIT).until(() -> api.turn(conversation, next).path("status").asText().equals("completed"));

            await().atMost(WAIT).until(() -> moved(before, MetricsEndToEndTest.scrape(server.baseUri()),
                    "turns_ended_total") == 3);
            PrometheusText after = MetricsEndToEndTest.scrape(server.baseUri());
            assertThat(moved(before, after, "turns_ended_total", "status", "interrupted")).isEqualTo(2);
            assertThat(moved(before, after, "turns_ended_total", "status", "completed")).isEqualTo(1);
        }
    }

    @Test
    void givenRunningAndQueuedTurns_whenConversationDeleted_thenBothCountedOnceWithTheDeletionsCode()
            throws Exception {
        try (Server server = start(); ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            startRunning(api, conversation);
            api.postAccepted(conversation, "queued behind it");
            PrometheusText before = MetricsEndToEndTest.scrape(server.baseUri());

            assertThat(api.send("DELETE", "/v1/api/conversations/" + conversation, null, Optional.empty()).status())
                    .isEqualTo(204);

            PrometheusText deleted = MetricsEndToEndTest.scrape(server.baseUri());
            assertThat(moved(before, deleted, "turns_ended_total", "status", "interrupted", "code",
                    "conversation_deleted")).isEqualTo(2);
            // The agent that ran one of them stops; the final it would write is refused and not counted again.
            await().atMost(WAIT).until(() -> MetricsEndToEndTest.scrape(server.baseUri()).sum("turns_running") == 0);
            assertThat(moved(before, MetricsEndToEndTest.scrape(server.baseUri()), "turns_ended_total")).isEqualTo(2);
        }
    }

    /** Posts a long message and returns its turn once its reply has begun. */
    static String startRunning(ApiClient api, String conversation) {
        String turn = api.postAccepted(conversation, LONG);
        try (SseClient stream = api.stream(ApiClient.streamOf(conversation) + "?turn_id=" + turn)) {
            stream.awaitDeltas(turn, 1, WAIT);
        }
        return turn;
    }

    static double moved(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static Server start() {
        return Server.start(ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1",
                "TURNS_BOOTSTRAP_TOKEN", TOKEN, "TURNS_ECHO_DELAY_MS", "150")));
    }
}
