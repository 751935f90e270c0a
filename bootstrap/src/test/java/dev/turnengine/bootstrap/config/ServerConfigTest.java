package dev.turnengine.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.embedded.wiring.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void givenEmptyEnvironment_whenRead_thenContractDefaults() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.bootstrapToken()).isEmpty();
        assertThat(config.engine().defaultAgent()).isEqualTo("echo");
        assertThat(config.engine().echoDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.engine().settings().idempotencyRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.engine().settings().limits().maxTextChars()).isEqualTo(100_000);
        assertThat(config.engine().settings().limits().maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.engine().settings().nodeId().value()).endsWith(":8080");
        assertThat(config.engine().settings().limits().maxIdentityBytes()).isEqualTo(64 * 1024);
        assertThat(config.connectionLimits().maxConnections()).isEqualTo(10_000);
        assertThat(config.connectionLimits().maxPendingBodyBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.connectionLimits().requestReadTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givenEdgeLimits_whenRead_thenApplied() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of(
                "TURNS_MAX_IDENTITY_BYTES", "1024", "TURNS_MAX_CONNECTIONS", "500",
                "TURNS_MAX_PENDING_BODY_BYTES", "1048576", "TURNS_MAX_BODY_BYTES", "1048576",
                "TURNS_REQUEST_READ_TIMEOUT", "1500ms"));

        assertThat(config.engine().settings().limits().maxIdentityBytes()).isEqualTo(1024);
        assertThat(config.connectionLimits().maxConnections()).isEqualTo(500);
        assertThat(config.connectionLimits().maxPendingBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.connectionLimits().requestReadTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ServerConfig.fromEnvironment(Map.of("TURNS_REQUEST_READ_TIMEOUT", "2m"))
                .connectionLimits().requestReadTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void givenValues_whenRead_thenApplied() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of(
                "TURNS_HTTP_PORT", "0", "TURNS_ECHO_DELAY_MS", "25", "TURNS_IDEMPOTENCY_TTL_SECONDS", "60",
                "TURNS_BOOTSTRAP_TOKEN", "hq_pat_abcdefghijklmnop0123", "TURNS_NODE_ID", "node-a",
                "TURNS_DATABASE_URL", "postgresql://u:p@localhost:5432/db"));

        assertThat(config.port()).isZero();
        assertThat(config.engine().echoDelay()).isEqualTo(Duration.ofMillis(25));
        assertThat(config.engine().settings().idempotencyRetention()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.bootstrapToken().orElseThrow().secret()).isEqualTo("hq_pat_abcdefghijklmnop0123");
        assertThat(config.engine().settings().nodeId().value()).isEqualTo("node-a");
        assertThat(config.databaseUrl()).contains("postgresql://u:p@localhost:5432/db");
    }

    @Test
    void givenBadValues_whenRead_thenOneLineNamingTheVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("TURNS_HTTP_PORT")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "70000")))
                .hasMessageStartingWith("TURNS_HTTP_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_BOOTSTRAP_TOKEN", "secret")))
                .hasMessageStartingWith("TURNS_BOOTSTRAP_TOKEN");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_ECHO_DELAY_MS", "-1")))
                .hasMessageStartingWith("TURNS_ECHO_DELAY_MS");
        for (String timeout : new String[] {"30", "0s", "-1s", "1.5s", "30 s", "1w"}) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_REQUEST_READ_TIMEOUT", timeout)))
                    .as(timeout).hasMessageStartingWith("TURNS_REQUEST_READ_TIMEOUT");
        }
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_MAX_CONNECTIONS", "0")))
                .hasMessageStartingWith("TURNS_MAX_CONNECTIONS");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_MAX_PENDING_BODY_BYTES", "1048576")))
                .hasMessageStartingWith("TURNS_MAX_PENDING_BODY_BYTES");
    }

    @Test
    void givenRetentionAndPrivateWebhooks_whenRead_thenInTheLifecycleSettings() {
        assertThat(ServerConfig.fromEnvironment(Map.of()).engine().lifecycle().retention()).isEmpty();
        assertThat(ServerConfig.fromEnvironment(Map.of()).engine().lifecycle().webhooks().allowPrivateTargets()).isFalse();
        Map<String, java.time.Duration> durations = Map.of("500ms", java.time.Duration.ofMillis(500),
                "30s", java.time.Duration.ofSeconds(30), "10m", java.time.Duration.ofMinutes(10),
                "2h", java.time.Duration.ofHours(2), "30d", java.time.Duration.ofDays(30));
        durations.forEach((text, expected) -> assertThat(ServerConfig.fromEnvironment(Map.of("TURNS_RETENTION", text))
                .engine().lifecycle().retention()).contains(expected));
        assertThat(ServerConfig.fromEnvironment(Map.of("TURNS_WEBHOOK_ALLOW_PRIVATE", "true")).engine().lifecycle()
                .webhooks().allowPrivateTargets()).isTrue();
        for (String bad : new String[] {"30", "0d", "-1d", "1w", "forever"}) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_RETENTION", bad)))
                    .hasMessageStartingWith("TURNS_RETENTION");
        }
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TURNS_WEBHOOK_ALLOW_PRIVATE", "yes")))
                .hasMessageStartingWith("TURNS_WEBHOOK_ALLOW_PRIVATE");
    }
}
