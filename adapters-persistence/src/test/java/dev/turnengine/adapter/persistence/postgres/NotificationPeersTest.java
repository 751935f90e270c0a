package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When a notifier looks for other nodes, and what it sees, against the database's own session list. */
class NotificationPeersTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final long CHECK = NotificationPeers.CHECK_NANOS;

    @Test
    void givenNobodyElseListening_thenOnlyAnUnheardCommitMakesALookDue_andASecondAfterTheLastOne() throws Exception {
        String names = "peers-test-" + UUID.randomUUID() + "-";
        NotificationPeers peers = new NotificationPeers(names + "%", names + "own");
        try (Connection connection = DATABASE.newConnection()) {
            connection.setAutoCommit(false);
            assertThat(peers.listening()).as("assumed until the first look").isTrue();
            assertThat(peers.nanosUntilLook(System.nanoTime())).isEqualTo(Long.MAX_VALUE);

            assertThat(peers.check(connection)).isFalse();
            long looked = System.nanoTime();

            assertThat(peers.listening()).isFalse();
            assertThat(peers.nanosUntilLook(looked + 10 * CHECK)).as("idle: a wake-up now and then, never a look")
                    .isEqualTo(CHECK);
            peers.unheardCommit();
            assertThat(peers.nanosUntilLook(looked)).as("not sooner than a second after the last look")
                    .isPositive().isLessThanOrEqualTo(CHECK);
            assertThat(peers.nanosUntilLook(looked + CHECK)).isZero();

            try (Connection other = DATABASE.newConnection(); Statement name = other.createStatement()) {
                name.execute("SET application_name = '" + names + "listener'");
                TimeUnit.NANOSECONDS.sleep(CHECK);
                assertThat(peers.check(connection)).as("another node's listener seen at the next look").isTrue();
                assertThat(peers.nanosUntilLook(System.nanoTime())).isEqualTo(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void givenOnlyItsOwnListener_thenNobodyElseListens() throws Exception {
        String names = "peers-test-" + UUID.randomUUID() + "-";
        NotificationPeers peers = new NotificationPeers(names + "%", names + "own");
        try (Connection connection = DATABASE.newConnection(); Connection own = DATABASE.newConnection();
                Statement name = own.createStatement()) {
            connection.setAutoCommit(false);
            name.execute("SET application_name = '" + names + "own'");

            assertThat(peers.check(connection)).isFalse();
        }
    }
}
