package dev.turnengine.e2e.operations;

import static dev.turnengine.e2e.operations.FinalsOutsideTheRunMetricsTest.moved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.adapter.persistence.postgres.DatabaseUrl;
import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A queued turn that storage can no longer decode ends {@code failed} when its turn comes, and is counted so. */
class UnreadableTurnMetricsTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final String TOKEN = "hq_pat_unreadable_turn_metrics_token_1";

    @Test
    void givenQueuedTurnDamagedInStorage_whenItsTurnComes_thenCountedAsFailedWithStorageError() throws Exception {
        try (Server server = Server.start(ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "0",
                        "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN, "TURNS_ECHO_DELAY_MS", "150",
                        "TURNS_DATABASE_URL", serverUrl())));
                ApiClient api = new ApiClient(server.baseUri(), TOKEN)) {
            String conversation = api.createConversation();
            FinalsOutsideTheRunMetricsTest.startRunning(api, conversation);
            String damaged = api.postAccepted(conversation, "to be damaged");
            try (PreparedStatement update = DATABASE.admin().prepareStatement("UPDATE " + DATABASE.url().schema()
                    + ".turns SET message = '{\"not\":\"a message\"}'::json WHERE turn_id = ?")) {
                update.setObject(1, UUID.fromString(damaged));
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            PrometheusText before = MetricsEndToEndTest.scrape(server.baseUri());

            api.interrupt(conversation);

            await().atMost(Duration.ofSeconds(15)).until(() -> moved(before,
                    MetricsEndToEndTest.scrape(server.baseUri()), "turns_ended_total", "status", "failed") == 1);
            PrometheusText after = MetricsEndToEndTest.scrape(server.baseUri());
            assertThat(moved(before, after, "turns_ended_total", "status", "failed", "code", "storage_error"))
                    .isEqualTo(1);
            assertThat(api.turn(conversation, damaged).path("status").asText()).isEqualTo("failed");
        }
    }

    /** The test schema's URL with its credentials, as a server is given it. */
    private static String serverUrl() {
        DatabaseUrl url = DATABASE.url();
        StringBuilder server = new StringBuilder(url.jdbcUrl());
        url.user().ifPresent(user -> server.append('&').append("user=").append(encode(user)));
        url.password().ifPresent(password -> server.append('&').append("password=").append(encode(password)));
        return server.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
