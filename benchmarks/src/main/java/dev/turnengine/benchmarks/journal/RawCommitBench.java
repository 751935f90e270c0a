package dev.turnengine.benchmarks.journal;

import dev.turnengine.benchmarks.stats.Emit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own limit for small durable transactions, the baseline of the PostgreSQL submit rate: as
 * many connections as the submit load has clients, each committing one single-row {@code INSERT} after the
 * other, as fast as the database takes them.
 */
public final class RawCommitBench {

    private RawCommitBench() {
    }

    /** Arguments: database URL, schema, connections, warm-up seconds, measured seconds, key. */
    public static void main(String[] args) throws Exception {
        PostgresUrl url = PostgresUrl.parse(args[0]);
        String schema = args[1];
        int connections = Integer.parseInt(args[2]);
        double warmup = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        String key = args[5];
        try (Connection admin = url.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("CREATE TABLE " + schema + ".commits (id uuid PRIMARY KEY, payload json NOT NULL)");
        }
        long measureFrom = System.nanoTime() + (long) (warmup * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        AtomicLong measured = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            writers.add(Thread.ofPlatform().name("raw-commit-" + w).start(() -> {
                try {
                    commit(url, schema, measureFrom, measureUntil, measured);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        Emit.metric(key + ".commits_per_s", measured.get() / seconds);
        try (Connection admin = url.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void commit(PostgresUrl url, String schema, long measureFrom, long measureUntil,
            AtomicLong measured) throws SQLException {
        try (Connection connection = url.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + schema + ".commits (id, payload) VALUES (?, ?::json)")) {
            connection.setAutoCommit(false);
            while (true) {
                long before = System.nanoTime();
                if (before >= measureUntil) {
                    return;
                }
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, FloodAgentRunner.PAYLOAD);
                insert.executeUpdate();
                connection.commit();
                if (before >= measureFrom && System.nanoTime() <= measureUntil) {
                    measured.incrementAndGet();
                }
            }
        }
    }
}
