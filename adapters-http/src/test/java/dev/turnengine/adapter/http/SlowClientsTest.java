package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.application.port.in.SubmitLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against 127.0.0.1, bounded in count and time: half-sent and stalled bodies, bodies
 * beyond the server's budget, trickled headers (slowloris) and more connections than the cap.
 */
class SlowClientsTest {

    /** Far more than any read timeout used here: what "no answer" means. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final int MiB = 1024 * 1024;

    @Test
    void givenBodyShorterThanDeclared_whenStalled_then408AndClosedAfterReadTimeout() {
        try (TestApi api = TestApi.builder().http(http -> http.withConnectionLimits(
                http.connectionLimits().withRequestReadTimeout(Duration.ofSeconds(1)))).start();
                RawConnection connection = RawConnection.open(api.server.baseUri())) {
            String conversation = api.conversation("echo");
            connection.send(post(api, conversation, 1000) + "{\"text\":\"hel");

            RawConnection.Response response = connection.response(PATIENCE).orElseThrow();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.problemCode()).isEqualTo("request_timeout");
            assertThat(connection.closedWithin(PATIENCE)).isTrue();
            assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).isEmpty();
        }
    }

    @Test
    void givenBodyTrickledSlowerThanTimeoutInTotal_whenEachPieceComesInTime_thenServed() throws InterruptedException {
        try (TestApi api = TestApi.builder().http(http -> http.withConnectionLimits(
                http.connectionLimits().withRequestReadTimeout(Duration.ofMillis(1500)))).start();
                RawConnection connection = RawConnection.open(api.server.baseUri())) {
            String conversation = api.conversation("echo");
            String body = "{\"text\":\"slow but steady\"}";
            connection.send(post(api, conversation, body.length()));
            for (int i = 0; i < body.length(); i += 4) {
                Thread.sleep(300);
                connection.send(body.substring(i, Math.min(body.length(), i + 4)));
            }

            RawConnection.Response response = connection.response(PATIENCE).orElseThrow();

            assertThat(response.status()).as(response.body()).isEqualTo(202);
        }
    }

    @Test
    void givenBodiesBeyondPendingBudget_whenStalled_then503RetryAfterAtOnce_andBudgetFreedWhenCut() {
        try (TestApi api = TestApi.builder()
                .limits(new SubmitLimits(100_000, 16, MiB / 2, MiB))
                .http(http -> http.withConnectionLimits(http.connectionLimits()
                        .withMaxPendingBodyBytes(4L * MiB).withRequestReadTimeout(Duration.ofSeconds(2))))
                .start()) {
            String conversation = api.conversation("echo");
            List<RawConnection> stalled = new ArrayList<>();
            List<RawConnection> refused = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawConnection connection = RawConnection.open(api.server.baseUri());
                    stalled.add(connection);
                    connection.send(post(api, conversation, MiB) + "{\"text\":\"" + "x".repeat(MiB / 2));
                }
                await().atMost(PATIENCE).until(() -> api.server.pendingBodyBytes() == 4L * MiB);
                for (int i = 0; i < 3; i++) {
                    RawConnection connection = RawConnection.open(api.server.baseUri());
                    refused.add(connection);
                    connection.send(post(api, conversation, 100));

                    RawConnection.Response response = connection.response(PATIENCE).orElseThrow();

                    assertThat(response.status()).isEqualTo(503);
                    assertThat(response.problemCode()).isEqualTo("server_busy");
                    assertThat(response.headers()).containsKey("retry-after");
                }
                assertThat(api.server.pendingBodyBytes()).isEqualTo(4L * MiB);
                for (RawConnection connection : stalled) {
                    assertThat(connection.response(PATIENCE).orElseThrow().status()).isEqualTo(408);
                }
                await().atMost(PATIENCE).until(() -> api.server.pendingBodyBytes() == 0);
                assertThat(api.postJson(TestApi.messages(conversation), "{\"text\":\"room again\"}").status())
                        .isEqualTo(202);
            } finally {
                stalled.forEach(RawConnection::close);
                refused.forEach(RawConnection::close);
            }
        }
    }

    @Test
    void givenHeadersTrickled_whenUnfinished_thenEveryConnectionCutAfterReadTimeout() {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        List<RawConnection> slowloris = new ArrayList<>();
        try (TestApi api = TestApi.builder().http(http -> http.withConnectionLimits(
                http.connectionLimits().withRequestReadTimeout(Duration.ofSeconds(1)))).start()) {
            for (int i = 0; i < 50; i++) {
                slowloris.add(startSlowloris(api, trickle));
            }

            for (RawConnection connection : slowloris) {
                assertThat(connection.closedWithin(PATIENCE)).isTrue();
            }
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == 0);
            assertThat(api.get("/health").status()).isEqualTo(200);
        } finally {
            trickle.shutdownNow();
            slowloris.forEach(RawConnection::close);
        }
    }

    @Test
    void givenSlowlorisUpToConnectionCap_whenOneMoreConnects_thenRefusedAtOnce_andHealthAnswersBelowCap() {
        int cap = 60;
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        List<RawConnection> slowloris = new ArrayList<>();
        try (TestApi api = TestApi.builder().http(http -> http.withConnectionLimits(http.connectionLimits()
                .withMaxConnections(cap).withRequestReadTimeout(Duration.ofSeconds(5)))).start()) {
            for (int i = 0; i < cap - 1; i++) {
                slowloris.add(startSlowloris(api, trickle));
            }
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == cap - 1);
            assertThat(health(api)).contains(200);
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == cap - 1);
            slowloris.add(startSlowloris(api, trickle));
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == cap);

            try (RawConnection extra = RawConnection.open(api.server.baseUri())) {
                extra.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(extra.response(PATIENCE)).isEmpty();
            }
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == cap);

            for (RawConnection connection : slowloris) {
                assertThat(connection.closedWithin(PATIENCE)).isTrue();
            }
            await().atMost(PATIENCE).until(() -> api.server.openConnections() == 0);
            assertThat(health(api)).contains(200);
        } finally {
            trickle.shutdownNow();
            slowloris.forEach(RawConnection::close);
        }
    }

    /** Opens a connection that sends a request line and then one header line every 200 ms, never the blank line. */
    private static RawConnection startSlowloris(TestApi api, ScheduledExecutorService trickle) {
        RawConnection connection = RawConnection.open(api.server.baseUri());
        connection.send("GET /health HTTP/1.1\r\nHost: x\r\n");
        trickle.scheduleWithFixedDelay(() -> connection.send("X-Slow: 1\r\n"), 200, 200, TimeUnit.MILLISECONDS);
        return connection;
    }

    private static Optional<Integer> health(TestApi api) {
        try (RawConnection connection = RawConnection.open(api.server.baseUri())) {
            connection.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return connection.response(PATIENCE).map(RawConnection.Response::status);
        }
    }

    private static String post(TestApi api, String conversation, int contentLength) {
        return "POST " + TestApi.messages(conversation) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }
}
