package dev.turnengine.benchmarks;

import dev.turnengine.benchmarks.report.Results;
import dev.turnengine.benchmarks.run.ChildProcess;
import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.stats.LatencySamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The journal on PostgreSQL: turns streaming tokens in one or more engine processes on one database, offered as
 * many tokens a second as raw batched inserts wrote rows; with one process, between two measurements of that raw
 * rate (and after the database's latency floor).
 */
final class JournalSection {

    private final Settings settings;
    private final Results results;
    private final DatabaseBaselines baselines;

    JournalSection(Settings settings, Results results, String database) {
        this.settings = settings;
        this.results = results;
        this.baselines = new DatabaseBaselines(settings, results, database);
    }

    void run(Launch launch, String config, int processes) throws Exception {
        if (processes == 1) {
            baselines.databaseFloor(launch, config);
            baselines.rawInserts(launch, config, "before", 1000, 2);
            baselines.rawInserts(launch, config, "shape", settings.turns(), 1);
        }
        String url = baselines.schemaUrl("journal_" + config);
        baselines.dropSchemaOf(url);
        List<ChildProcess> children = new ArrayList<>();
        // Set-up (pool, schema, conversations, submits) fits in 8 s here; the windows of all processes agree.
        long windowOpens = System.currentTimeMillis() + 8_000 + (long) (settings.warmup() * 1000);
        // The turns are offered, between them, as many tokens a second as raw batched inserts wrote rows.
        double offered = results.figure("journal.raw." + (processes == 1 ? config : "2cores") + ".before")
                .orElse(50_000.0);
        String perTurn = String.valueOf(offered / settings.turns());
        for (int p = 0; p < processes; p++) {
            children.add(ChildProcess.start("journal-engine-" + config + "-" + p, launch, List.of("-Xmx2g"),
                    "dev.turnengine.benchmarks.journal.JournalBench",
                    List.of(url, String.valueOf(settings.turns() / processes), String.valueOf(settings.warmup()),
                            String.valueOf(settings.seconds()), "journal.engine", settings.logs().toString(),
                            String.valueOf(windowOpens), perTurn),
                    Map.of()));
        }
        double perSecond = 0;
        double rowsPerSecond = 0;
        LatencySamples durable = new LatencySamples();
        double produced = 0;
        double rows = 0;
        for (ChildProcess child : children) {
            child.awaitExit(180);
            Map<String, Double> metrics = child.metrics();
            // Each process counts the table's rows in the window, every process's: the last count is the total.
            perSecond = Math.max(perSecond, metrics.getOrDefault("journal.engine.deltas_per_s", 0.0));
            rowsPerSecond = Math.max(rowsPerSecond, metrics.getOrDefault("journal.engine.rows_per_s", 0.0));
            produced += metrics.getOrDefault("journal.engine.deltas_produced", 0.0);
            // Each process counts the whole table when it is done; the last to finish sees every row.
            rows = Math.max(rows, metrics.getOrDefault("journal.engine.deltas_in_journal", 0.0));
            child.samples().values().forEach(durable::addAll);
        }
        results.put("journal.engine." + config, perSecond);
        results.put("journal.rows." + config, rowsPerSecond);
        results.put("journal.engine." + config + ".produced", produced);
        results.put("journal.engine." + config + ".rows", rows);
        results.latency("journal.durable." + config, durable.percentiles());
        BenchMain.log("journal engine " + config + ": " + Math.round(perSecond) + " tokens/s in "
                + Math.round(rowsPerSecond) + " rows/s, produced → visible " + durable.percentiles() + ", produced "
                + produced + ", in the journal " + rows);
        baselines.dropSchemaOf(url);
        if (processes == 1) {
            baselines.rawInserts(launch, config, "after", 1000, 2);
            double before = results.figure("journal.raw." + config + ".before").orElse(0.0);
            double after = results.figure("journal.raw." + config + ".after").orElse(0.0);
            results.put("journal.raw." + config, (before + after) / 2);
        }
    }
}
