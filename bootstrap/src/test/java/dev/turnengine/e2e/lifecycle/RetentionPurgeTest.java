package dev.turnengine.e2e.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.application.engine.LifecycleSettings;
import dev.turnengine.domain.access.AccessToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code TURNS_RETENTION} on PostgreSQL: 20,000 conversations idle for two days (each with a turn and four
 * journal events) are purged in the background while clients keep submitting. The submit rate with and
 * without the purge running is measured and logged (a probe, not an assertion on machine speed); what is
 * asserted is that the idle conversations go and the active ones stay.
 */
class RetentionPurgeTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final int OLD = 20_000;
    private static final Duration PROBE = Duration.ofSeconds(3);
    private static final System.Logger LOG = System.getLogger(RetentionPurgeTest.class.getName());

    private final AccessToken token = AccessToken.generate();

    private static long count(String sql) throws SQLException {
        try (Statement statement = DATABASE.admin().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void oldConversations() throws SQLException {
        String schema = DATABASE.url().schema();
        try (Statement statement = DATABASE.admin().createStatement()) {
            statement.execute("CREATE TEMP TABLE old_ids AS SELECT gen_random_uuid() AS id, n "
                    + "FROM generate_series(1, " + OLD + ") AS n");
            statement.execute("INSERT INTO " + schema + ".conversations (conversation_id, tenant, agent, channel, "
                    + "last_turn_channel, created_at, last_activity_at, last_seq) SELECT id, 'acme', 'echo', 'web', "
                    + "'web', now() - interval '3 days', now() - interval '2 days', 4 FROM old_ids");
            statement.execute("INSERT INTO " + schema + ".turns (conversation_id, turn_id, accepted_seq, status, "
                    + "source, message, outcome, accepted_at, started_at, finished_at) SELECT id, id, 1, 'completed', "
                    + "'web', '{\"text\":\"old\"}', '{\"status\":\"completed\",\"text\":\"old\"}', "
                    + "now() - interval '2 days', now() - interval '2 days', now() - interval '2 days' FROM old_ids");
            statement.execute("INSERT INTO " + schema + ".journal (conversation_id, seq, turn_id, type, payload, at) "
                    + "SELECT id, s, id, 'text_delta', '{\"delta\":\"old\"}', now() - interval '2 days' "
                    + "FROM old_ids, generate_series(1, 4) AS s");
            statement.execute("DROP TABLE old_ids");
            statement.execute("ANALYZE " + schema + ".conversations");
        }
    }

    /** Submits from four clients for {@link #PROBE}; returns accepted submits per second. */
    private static double submitRate(Node node) throws Exception {
        AtomicLong accepted = new AtomicLong();
        long end = System.nanoTime() + PROBE.toNanos();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                running.add(clients.submit(() -> {
                    String conversation = node.client.createConversation("echo");
                    while (System.nanoTime() < end) {
                        if (node.client.post(conversation, "hi", Optional.empty()).status() == 202) {
                            accepted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        return accepted.get() / (PROBE.toMillis() / 1000.0);
    }

    @Test
    void givenTwentyThousandIdleConversations_whenRetentionIsSet_thenPurgedInTheBackgroundWhileSubmitsGoOn()
            throws Exception {
        DATABASE.freshStorage();
        oldConversations();
        String schema = DATABASE.url().schema();
        assertThat(count("SELECT count(*) FROM " + schema + ".conversations")).isEqualTo(OLD);

        double withoutPurge;
        PostgresStorage first = DATABASE.open();
        try (Node keeping = new Node(first, token, LifecycleSettings.defaults(), false)) {
            submitRate(keeping); // warms the JVM up, so both figures are taken warm
            withoutPurge = submitRate(keeping);
        } finally {
            DATABASE.close(first);
        }
        long kept = count("SELECT count(*) FROM " + schema + ".conversations");
        assertThat(kept).isEqualTo(OLD + 8);

        PostgresStorage second = DATABASE.open();
        try (Node purging = Node.withRetention(second, token, Duration.ofDays(1))) {
            long started = System.nanoTime();
            double duringPurge = submitRate(purging);
            long leftAfterProbe = count("SELECT count(*) FROM " + schema
                    + ".conversations WHERE last_activity_at < now() - interval '1 day'");
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM " + schema
                    + ".conversations WHERE last_activity_at < now() - interval '1 day'") == 0);
            long purgeMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            LOG.log(System.Logger.Level.INFO, String.format("retention probe: %.0f submits/s without the purge, "
                    + "%.0f submits/s while it ran; %d of %d idle conversations left after the %d s probe; all gone "
                    + "within %d ms", withoutPurge, duringPurge, leftAfterProbe, OLD, PROBE.toSeconds(), purgeMillis));
        } finally {
            DATABASE.close(second);
        }
        assertThat(count("SELECT count(*) FROM " + schema + ".conversations")).isGreaterThanOrEqualTo(12);
        assertThat(count("SELECT count(*) FROM " + schema + ".journal j WHERE NOT EXISTS (SELECT 1 FROM " + schema
                + ".conversations c WHERE c.conversation_id = j.conversation_id)")).isZero();
        assertThat(count("SELECT count(*) FROM " + schema + ".turns WHERE message::text LIKE '%\"old\"%'")).isZero();
    }
}
