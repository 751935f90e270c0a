package dev.turnengine.benchmarks;

import dev.turnengine.benchmarks.journal.PostgresUrl;
import dev.turnengine.benchmarks.report.Results;
import dev.turnengine.benchmarks.run.ChildProcess;
import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.benchmarks.stats.Percentiles;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The database's own figures that the engine's are set beside (round trip and commit latency, single-row commit
 * rate, batched insert rate), each measured in a process of its own; the database's activity counters; and
 * dropping the schemas a run made.
 */
final class DatabaseBaselines {

    private final Settings settings;
    private final Results results;
    private final String database;

    DatabaseBaselines(Settings settings, Results results, String database) {
        this.settings = settings;
        this.results = results;
        this.database = database;
    }

    /** The database's latency floor: a round trip and a durable single-row commit, one at a time. */
    void databaseFloor(Launch launch, String config) throws Exception {
        ChildProcess floor = ChildProcess.start("db-floor-" + config, launch, List.of("-Xmx256m"),
                "dev.turnengine.benchmarks.journal.DatabaseFloorBench",
                List.of(database, "bench_floor_" + config, String.valueOf(settings.seconds() / 2),
                        "db"), Map.of());
        floor.awaitExit(120);
        for (String what : List.of("select1", "commit")) {
            String key = "db." + what;
            Optional<Percentiles> measured = Emit.percentilesIn(floor.metrics(), key);
            if (measured.isPresent()) {
                results.latency(key + "." + config, measured.get());
                log(key + " " + config + ": " + measured.get());
            }
        }
    }

    /**
     * The database's rate of single-row durable commits with as many connections as the submit load has clients,
     * measured {@code when} ("before" or "after" the submit load); {@link #bestRawCommits} keeps the higher.
     */
    void rawCommits(Launch launch, String config, String when) throws Exception {
        String key = "submit.raw_commit." + config + "." + when;
        ChildProcess raw = ChildProcess.start("raw-commit-" + config + "-" + when, launch, List.of("-Xmx512m"),
                "dev.turnengine.benchmarks.journal.RawCommitBench",
                List.of(database, "bench_raw_commit_" + config, String.valueOf(settings.clients()),
                        String.valueOf(settings.warmup()), String.valueOf(settings.seconds()), key),
                Map.of());
        raw.awaitExit(120);
        results.put(key, raw.metrics().getOrDefault(key + ".commits_per_s", 0.0));
        log("raw single-row commits " + config + " " + when + ": " + Math.round(results.figure(key).orElse(0.0))
                + "/s");
    }

    /**
     * The submit baseline: the higher of the two raw commit rates around the submit load. A checkpoint or other
     * work of the database that slows one of them would otherwise lower the baseline and flatter the engine.
     */
    void bestRawCommits(String config) {
        String key = "submit.raw_commit." + config;
        results.put(key, Math.max(results.figure(key + ".before").orElse(0.0),
                results.figure(key + ".after").orElse(0.0)));
    }

    /** The database's raw batched-insert rate with {@code batch} rows per commit on {@code connections} writers. */
    void rawInserts(Launch launch, String config, String when, int batch, int connections)
            throws Exception {
        String key = "journal.raw." + config + "." + when;
        ChildProcess raw = ChildProcess.start("journal-raw-" + config + "-" + when, launch, List.of("-Xmx1g"),
                "dev.turnengine.benchmarks.journal.RawInsertBench",
                List.of(database, "bench_raw_" + config, String.valueOf(settings.turns()),
                        String.valueOf(batch), String.valueOf(connections), String.valueOf(settings.warmup()),
                        String.valueOf(settings.seconds()), key),
                Map.of());
        raw.awaitExit(120);
        results.put(key, raw.metrics().getOrDefault(key + ".rows_per_s", 0.0));
        log("raw inserts " + config + " " + when + ": " + Math.round(results.figure(key).orElse(0.0)) + " rows/s");
    }

    /** The database's committed transactions and rows written so far (this database, every session). */
    Optional<long[]> databaseActivity() {
        try (Connection connection = PostgresUrl.parse(database).connect();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT xact_commit, tup_inserted + tup_updated "
                        + "+ tup_deleted FROM pg_stat_database WHERE datname = current_database()")) {
            rows.next();
            long[] activity = {rows.getLong(1), rows.getLong(2)};
            statement.execute("SELECT pg_stat_clear_snapshot()");
            return Optional.of(activity);
        } catch (Exception e) {
            results.note("could not read pg_stat_database: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The URL of the run's schema {@code bench_<name>} on the database. */
    String schemaUrl(String name) {
        return PostgresUrl.withSchema(database, "bench_" + name);
    }

    void dropSchemaOf(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection connection = PostgresUrl.parse(database).connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            results.note("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static void log(String line) {
        BenchMain.log(line);
    }
}
