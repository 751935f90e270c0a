package dev.turnengine.benchmarks.journal;

import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.benchmarks.inprocess.BenchEngines;
import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.domain.conversation.ConversationId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's journal on PostgreSQL under load: many turns at once, each streaming deltas from the flood
 * agent as fast as they become durable. Prints deltas persisted per second, the produce-to-durable delay and
 * a row count that checks the agent's own tally against the table.
 */
public final class JournalBench {

    private JournalBench() {
    }

    /**
     * Arguments: database URL (with its schema), turns, warm-up seconds, measured seconds, key, samples directory,
     * and the wall-clock time (epoch milliseconds) before which the window must not open, so that several
     * processes measure the same window.
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int turns = Integer.parseInt(args[1]);
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String key = args[4];
        Path samplesDirectory = Path.of(args[5]);
        long notBeforeEpochMillis = Long.parseLong(args[6]);
        FloodAgentRunner agent = new FloodAgentRunner();
        try (BenchEngines engines = BenchEngines.postgres(url, "flood", Map.of("flood", agent))) {
            List<ConversationId> conversations = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                conversations.add(engines.newConversation());
            }
            for (ConversationId conversation : conversations) {
                var result = engines.engine().submitMessage()
                        .submit(SubmitMessageUseCase.Command.text(engines.caller(), conversation, "go"));
                if (!(result instanceof SubmitMessageUseCase.Result.Accepted)) {
                    throw new IllegalStateException("not accepted: " + result);
                }
            }
            // Every turn floods from here on; the window opens after the warm-up.
            long untilAgreedStart = Math.max(0, notBeforeEpochMillis - System.currentTimeMillis()) * 1_000_000L;
            if (untilAgreedStart == 0) {
                System.err.println("journal bench: set-up took past the agreed start; windows may not overlap");
            }
            long measureFrom = System.nanoTime() + Math.max(untilAgreedStart, (long) (warmup * 1e9));
            long measureUntil = measureFrom + (long) (seconds * 1e9);
            agent.window(measureFrom, measureUntil);
            Thread.sleep(Math.max(0, (measureUntil - System.nanoTime()) / 1_000_000));
            while (engines.engine().runningTurns() > 0) {
                Thread.sleep(20);
            }
            Emit.metric(key + ".deltas_per_s", agent.measured() / seconds);
            Emit.metric(key + ".deltas_produced", agent.produced());
            Emit.metric(key + ".rows_in_journal", countDeltaRows(url));
            Emit.percentiles(key + ".durable_ms", agent.durable().percentiles());
            Emit.samples(key + ".durable", agent.durable(), samplesDirectory);
        }
    }

    private static long countDeltaRows(String url) throws Exception {
        try (Connection connection = PostgresUrl.parse(url).connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM journal WHERE type = 'text_delta'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
