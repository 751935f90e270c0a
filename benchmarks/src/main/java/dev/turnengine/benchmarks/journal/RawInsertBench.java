package dev.turnengine.benchmarks.journal;

import dev.turnengine.benchmarks.stats.Emit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own limit for journal rows: batched {@code INSERT}s (JDBC batch, rewritten into multi-row
 * statements) into a table shaped like the engine's {@code journal} (same columns, primary key and index), the
 * rows spread over as many conversations as the engine benchmark runs turns, one commit per batch.
 */
public final class RawInsertBench {

    private RawInsertBench() {
    }

    /** Arguments: database URL, schema, conversations, batch size, connections, warm-up seconds, measured seconds, key. */
    public static void main(String[] args) throws Exception {
        PostgresUrl url = PostgresUrl.parse(args[0]);
        String schema = args[1];
        int conversations = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        double warmup = Double.parseDouble(args[5]);
        double seconds = Double.parseDouble(args[6]);
        String key = args[7];
        try (Connection admin = url.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("CREATE TABLE " + schema + ".journal (conversation_id uuid NOT NULL, seq bigint NOT NULL, "
                    + "turn_id uuid NOT NULL, type text NOT NULL, payload json NOT NULL, at timestamptz NOT NULL, "
                    + "PRIMARY KEY (conversation_id, seq))");
            ddl.execute("CREATE INDEX ON " + schema + ".journal (conversation_id, turn_id, seq)");
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        AtomicLong measuredRows = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().name("raw-writer-" + w).start(() -> {
                try {
                    write(url, schema, conversations, batch, writer, measureFrom, measureUntil, measuredRows);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        Emit.metric(key + ".rows_per_s", measuredRows.get() / seconds);
        try (Connection admin = url.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void write(PostgresUrl url, String schema, int conversations, int batch, int writer,
            long measureFrom, long measureUntil, AtomicLong measuredRows) throws SQLException {
        UUID[] conversationIds = new UUID[conversations];
        UUID[] turnIds = new UUID[conversations];
        long[] seq = new long[conversations];
        for (int i = 0; i < conversations; i++) {
            conversationIds[i] = UUID.randomUUID();
            turnIds[i] = UUID.randomUUID();
        }
        int next = 0;
        try (Connection connection = url.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + schema + ".journal (conversation_id, seq, turn_id, type, payload, at) "
                        + "VALUES (?, ?, ?, ?, ?::json, ?)")) {
            connection.setAutoCommit(false);
            while (true) {
                long before = System.nanoTime();
                if (before >= measureUntil) {
                    return;
                }
                Timestamp at = Timestamp.from(Instant.now());
                for (int i = 0; i < batch; i++) {
                    int c = next;
                    next = (next + 1) % conversations;
                    insert.setObject(1, conversationIds[c]);
                    insert.setLong(2, ++seq[c]);
                    insert.setObject(3, turnIds[c]);
                    insert.setString(4, "text_delta");
                    insert.setString(5, FloodAgentRunner.PAYLOAD);
                    insert.setTimestamp(6, at);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                long after = System.nanoTime();
                if (before >= measureFrom && after <= measureUntil) {
                    measuredRows.addAndGet(batch);
                }
            }
        }
    }
}
