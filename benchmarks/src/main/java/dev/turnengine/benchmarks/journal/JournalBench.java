package dev.turnengine.benchmarks.journal;

import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.benchmarks.inprocess.BenchEngines;
import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Subscription;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The engine's journal on PostgreSQL under load: many turns at once, each streaming tokens from the flood agent
 * at a set pace. Prints the tokens made durable per second and the journal rows that held them (from the rows'
 * own timestamps, inside the window), the delay from a token being produced to it reaching a subscriber on this
 * node (for a sample of the turns), and a check that every token produced is in the journal.
 */
public final class JournalBench {

    private static final int WATCHED = 10;

    private JournalBench() {
    }

    /**
     * Arguments: database URL (with its schema), turns, warm-up seconds, measured seconds, key, samples directory,
     * the wall-clock time (epoch milliseconds) before which the window must not open, so that several processes
     * measure the same window, and the tokens per second each turn produces.
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int turns = Integer.parseInt(args[1]);
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String key = args[4];
        Path samplesDirectory = Path.of(args[5]);
        long notBeforeEpochMillis = Long.parseLong(args[6]);
        double tokensPerSecond = Double.parseDouble(args[7]);
        FloodAgentRunner agent = new FloodAgentRunner(tokensPerSecond);
        LatencySamples visible = new LatencySamples();
        try (BenchEngines engines = BenchEngines.postgres(url, "flood", Map.of("flood", agent))) {
            List<ConversationId> conversations = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                conversations.add(engines.newConversation());
            }
            List<Subscription> watchers = new ArrayList<>();
            for (ConversationId conversation : conversations.subList(0, Math.min(WATCHED, turns))) {
                watchers.add(watch(engines, conversation, agent.watch(conversation), visible));
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
            long fromEpochMillis = System.currentTimeMillis() + (measureFrom - System.nanoTime()) / 1_000_000;
            agent.window(measureFrom, measureUntil);
            Thread.sleep(Math.max(0, (measureUntil - System.nanoTime()) / 1_000_000));
            while (engines.engine().runningTurns() > 0) {
                Thread.sleep(20);
            }
            watchers.forEach(Subscription::close);
            long[] inWindow = journalInWindow(url, fromEpochMillis, fromEpochMillis + (long) (seconds * 1000));
            Emit.metric(key + ".deltas_per_s", inWindow[1] / (double) FloodAgentRunner.TOKEN.length() / seconds);
            Emit.metric(key + ".rows_per_s", inWindow[0] / seconds);
            Emit.metric(key + ".deltas_produced", agent.produced());
            Emit.metric(key + ".deltas_in_journal", journalInWindow(url, 0, System.currentTimeMillis() + 60_000)[1]
                    / (double) FloodAgentRunner.TOKEN.length());
            Emit.percentiles(key + ".durable_ms", visible.percentiles());
            Emit.samples(key + ".durable", visible, samplesDirectory);
        }
    }

    /**
     * Follows a watched conversation as a client would: each token counts from when the agent produced it until
     * the text that holds it reaches this subscriber (committed, then published on this node).
     */
    private static Subscription watch(BenchEngines engines, ConversationId conversation,
            FloodAgentRunner.ProductionLog log, LatencySamples visible) {
        int[] chars = {0};
        StreamEventsUseCase.Result opened = engines.engine().streamEvents().open(new StreamEventsUseCase.Command(
                engines.caller(), conversation, OptionalLong.of(0), Optional.empty()), new StreamEventsUseCase.EventSink() {
                    @Override
                    public void event(JournalEvent event) {
                        if (event.event() instanceof TextDelta delta) {
                            long now = System.nanoTime();
                            int before = chars[0] / FloodAgentRunner.TOKEN.length();
                            chars[0] += delta.delta().length();
                            int after = chars[0] / FloodAgentRunner.TOKEN.length();
                            for (int token = before; token < after; token++) {
                                long producedAt = log.producedAt(token);
                                if (producedAt >= 0) {
                                    visible.add(now - producedAt);
                                }
                            }
                        }
                    }

                    @Override
                    public void end() {
                    }

                    @Override
                    public void fail(RuntimeException error) {
                        System.err.println("journal bench: a watcher failed: " + error);
                    }
                });
        if (!(opened instanceof StreamEventsUseCase.Result.Opened stream)) {
            throw new IllegalStateException("could not watch " + conversation + ": " + opened);
        }
        return stream.subscription();
    }

    /** Text-delta rows and their characters whose time falls in [from, until) (epoch milliseconds). */
    private static long[] journalInWindow(String url, long fromEpochMillis, long untilEpochMillis) throws Exception {
        try (Connection connection = PostgresUrl.parse(url).connect();
                PreparedStatement query = connection.prepareStatement("SELECT count(*), "
                        + "coalesce(sum(length(payload->>'delta')), 0) FROM journal WHERE type = 'text_delta' "
                        + "AND at >= ? AND at < ?")) {
            query.setObject(1, OffsetDateTime.ofInstant(Instant.ofEpochMilli(fromEpochMillis), ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(untilEpochMillis), ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }
}
