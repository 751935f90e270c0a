package dev.turnengine.benchmarks.journal;

import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.benchmarks.stats.LatencySamples;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database's latency floor on this machine, for the PostgreSQL latency figures: one {@code SELECT 1}
 * round trip, and one single-row {@code INSERT} committed on its own (a durable commit), each timed
 * sequentially from this JVM over the same JDBC driver the engine uses.
 */
public final class DatabaseFloorBench {

    private DatabaseFloorBench() {
    }

    /** Arguments: database URL, schema to create and drop, seconds per measurement, key. */
    public static void main(String[] args) throws Exception {
        PostgresUrl url = PostgresUrl.parse(args[0]);
        String schema = args[1];
        double seconds = Double.parseDouble(args[2]);
        String key = args[3];
        try (Connection connection = url.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("CREATE TABLE " + schema + ".floor (id uuid PRIMARY KEY, payload json NOT NULL)");
            LatencySamples roundTrip = new LatencySamples();
            try (PreparedStatement select = connection.prepareStatement("SELECT 1")) {
                measure(seconds, roundTrip, () -> {
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                    }
                });
            }
            LatencySamples commit = new LatencySamples();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + schema + ".floor (id, payload) VALUES (?, ?::json)")) {
                measure(seconds, commit, () -> {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, FloodAgentRunner.PAYLOAD);
                    insert.executeUpdate();
                    connection.commit();
                });
            }
            connection.setAutoCommit(true);
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            Emit.percentiles(key + ".select1", roundTrip.percentiles());
            Emit.percentiles(key + ".commit", commit.percentiles());
        }
    }

    private static void measure(double seconds, LatencySamples samples, Step step) throws Exception {
        long warmUntil = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < warmUntil) {
            step.run();
        }
        long until = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < until) {
            long before = System.nanoTime();
            step.run();
            samples.add(System.nanoTime() - before);
            Thread.sleep(1);
        }
    }

    /** One timed database step. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
