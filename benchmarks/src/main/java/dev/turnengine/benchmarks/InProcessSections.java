package dev.turnengine.benchmarks;

import dev.turnengine.benchmarks.report.Results;
import dev.turnengine.benchmarks.run.ChildProcess;
import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.benchmarks.stats.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first delta without HTTP, each in a process of its own: JMH on the use cases (in memory and, with a
 * database, on PostgreSQL, beside a virtual-thread hand-off), and the first delta's stages (admit, start, delta)
 * per storage.
 */
final class InProcessSections {

    private final Settings settings;
    private final Results results;
    private final Optional<DatabaseBaselines> baselines;

    InProcessSections(Settings settings, Results results, Optional<String> database) {
        this.settings = settings;
        this.results = results;
        this.baselines = database.map(url -> new DatabaseBaselines(settings, results, url));
    }

    void run(Launch launch, String config) throws Exception {
        jmh(launch, config);
        List<String> storages = baselines.isPresent() ? List.of("memory", "postgres") : List.of("memory");
        for (String storage : storages) {
            stages(launch, config, storage);
        }
    }

    private void jmh(Launch launch, String config) throws Exception {
        List<String> args = new ArrayList<>(List.of(String.valueOf(settings.jmhWarmup()),
                String.valueOf(settings.jmhIterations()), "memory"));
        Optional<String> url = freshSchema("jmh_" + config);
        url.ifPresent(u -> args.add("postgres"));
        ChildProcess jmh = ChildProcess.start("jmh-" + config, launch, List.of("-Xmx512m"),
                "dev.turnengine.benchmarks.inprocess.JmhMain", args,
                url.map(u -> Map.of("TURNS_BENCH_DATABASE_URL", u)).orElse(Map.of()));
        jmh.awaitExit(600);
        for (String key : List.of("jmh.first_delta.memory", "jmh.first_delta.postgres", "jmh.handoff")) {
            Optional<Percentiles> measured = Emit.percentilesIn(jmh.metrics(), key);
            if (measured.isPresent()) {
                results.latency(key + "." + config, measured.get());
                BenchMain.log(key + " " + config + ": " + measured.get());
            }
        }
        url.ifPresent(u -> baselines.orElseThrow().dropSchemaOf(u));
    }

    private void stages(Launch launch, String config, String storage) throws Exception {
        Optional<String> url = freshSchema("stages_" + config);
        ChildProcess stages = ChildProcess.start("stages-" + storage + "-" + config, launch, List.of("-Xmx512m"),
                "dev.turnengine.benchmarks.inprocess.FirstDeltaStages",
                List.of(storage, String.valueOf(settings.warmup()), String.valueOf(settings.seconds())),
                Map.of("TURNS_BENCH_DATABASE_URL", url.orElse("")));
        stages.awaitExit(120);
        for (String stage : List.of("admit", "start", "delta")) {
            String key = "stages." + storage + "." + stage;
            Emit.percentilesIn(stages.metrics(), key).ifPresent(p -> results.latency(key + "." + config, p));
        }
        BenchMain.log("stages " + storage + " " + config + ": " + stages.metrics().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".p50") || e.getKey().endsWith(".p99"))
                .map(e -> e.getKey().replace("stages." + storage + ".", "") + "=" + e.getValue())
                .toList());
        url.ifPresent(u -> baselines.orElseThrow().dropSchemaOf(u));
    }

    /** With a database, the URL of schema {@code bench_<name>}, dropped first so that it starts empty. */
    private Optional<String> freshSchema(String name) {
        return baselines.map(b -> {
            String url = b.schemaUrl(name);
            b.dropSchemaOf(url);
            return url;
        });
    }
}
