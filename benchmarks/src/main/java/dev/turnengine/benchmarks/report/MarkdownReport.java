package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.Settings;
import dev.turnengine.benchmarks.http.SubmitLoad;
import dev.turnengine.benchmarks.stats.Percentiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results as {@code RESULTS.md} (machine, targets with verdicts, detail tables, the method from
 * {@code method.md}, notes, and the hand-written {@code analysis.md} beside it when there is one) and
 * {@code latency.png}.
 */
public final class MarkdownReport {

    static final List<String> CONFIGS = List.of("1core", "2cores", "2procs");
    static final Map<String, String> CONFIG_NAMES = Map.of(
            "1core", "1 core", "2cores", "2 cores", "2procs", "2 processes");

    private final Settings settings;
    private final MachineInfo machine;
    private final String loadBefore;
    private final String loadAfter;
    private final Duration took;
    private final Results results;

    public MarkdownReport(Settings settings, MachineInfo machine, String loadBefore, String loadAfter, Duration took,
            Results results) {
        this.settings = settings;
        this.machine = machine;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.took = took;
        this.results = results;
    }

    /** Writes both files into the output directory. */
    public void write() throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark results\n\nWritten by `bin/bench` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" in ").append(took.toSeconds()).append(" s")
                .append(settings.quick() ? " (**--quick**: short windows, a smoke run, not figures to quote)" : "")
                .append(". Every figure below was measured in this one run, beside its baseline.\n\n## Machine\n\n"
                        + "| | |\n|---|---|\n");
        for (String[] row : new String[][] {{"CPU", machine.cores() + " × " + machine.cpu()},
                {"Memory", machine.memory()}, {"JDK", machine.jdk()}, {"OS", machine.os()},
                {"PostgreSQL", machine.postgres()},
                {"Load average (1/5/15 min)", "before: " + loadBefore + "; after: " + loadAfter
                        + " (the machine is shared; a load above the core count means other work competed)"},
                {"Pinning", "`taskset` pins the process under test (server or benchmark JVM) only; the load driver "
                        + "and PostgreSQL run unpinned on the same 2 cores"}}) {
            md.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "\\|")).append(" |\n");
        }
        md.append("\n![Latency percentiles](latency.png)\n\n");
        new TargetsTable(settings, results).write(md);
        details(md);
        OverheadReport.section(md, results);
        method(md);
        if (!results.notes().isEmpty()) {
            md.append("## Notes from this run\n\n");
            results.notes().forEach(note -> md.append("- ").append(note).append("\n"));
            md.append("\n");
        }
        Path analysis = settings.out().resolve("analysis.md");
        if (Files.exists(analysis)) {
            md.append("\n").append(Files.readString(analysis));
        }
        Files.writeString(settings.out().resolve("RESULTS.md"), md.toString());
        LatencyChart.write(results, settings.out().resolve("latency.png"));
    }

    private void details(StringBuilder md) {
        md.append("## Throughput\n\n| Route | Storage | Configuration | Requests/s | Latency p50 / p99 (ms) | "
                + "Failed |\n|---|---|---|---|---|---|\n");
        for (String target : List.of("bare", "bare_blocking", "memory", "postgres")) {
            for (String config : CONFIGS) {
                String key = "submit." + target + "." + config;
                results.figure(key).ifPresent(rate -> md.append("| ").append(switch (target) {
                    case "bare" -> "bare 202 (event loop)";
                    case "bare_blocking" -> "bare 202 (blocking executor)";
                    default -> "`POST …/messages`";
                }).append(" | ").append(target.startsWith("bare") ? "—" : target).append(" | ")
                        .append(CONFIG_NAMES.get(config)).append(" | ").append(rate(rate)).append(" | ")
                        .append(results.latency(key).map(MarkdownReport::p50p99).orElse("—")).append(" | ")
                        .append(Math.round(results.figure(key + ".failures").orElse(0.0))).append(" |\n"));
            }
        }
        md.append("\n| Journal | Configuration | Per second | Check |\n|---|---|---|---|\n");
        for (String config : CONFIGS) {
            String raw = "journal.raw." + config;
            String engine = "journal.engine." + config;
            String name = " | " + CONFIG_NAMES.get(config) + " | ";
            results.figure(raw).ifPresent(v -> md.append("| raw batched INSERT (1,000 rows per commit, 2 connections)")
                    .append(name).append(rate(v)).append(" rows | mean of ")
                    .append(rate(results.figure(raw + ".before").orElse(Double.NaN))).append(" before and ")
                    .append(rate(results.figure(raw + ".after").orElse(Double.NaN))).append(" after the engine's run |\n"));
            results.figure(raw + ".shape").ifPresent(v -> md.append("| raw batched INSERT, the engine's batch shape (")
                    .append(settings.turns()).append(" rows per commit, 1 connection)").append(name).append(rate(v))
                    .append(" rows | engine ÷ this = ").append(results.figure(engine)
                            .map(e -> Math.round(100 * e / v) + " %").orElse("—")).append(" |\n"));
            results.figure(engine).ifPresent(v -> md.append("| engine journal, ").append(settings.turns())
                    .append(" turns streaming").append(name).append(rate(v)).append(" tokens in ")
                    .append(rate(results.figure("journal.rows." + config).orElse(Double.NaN))).append(" rows | ")
                    .append(String.format(Locale.ROOT, "%,.0f tokens produced, %,.0f in the journal",
                            results.figure(engine + ".produced").orElse(0.0),
                            results.figure(engine + ".rows").orElse(0.0))).append(" |\n"));
        }
        md.append("\n## Latency distributions (ms)\n\n| Series | Configuration | Samples | p50 | p90 | p99 | p99.9 | max |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        results.latencies().forEach((key, p) -> {
            String config = key.substring(key.lastIndexOf('.') + 1);
            md.append("| ").append(key, 0, key.lastIndexOf('.')).append(" | ")
                    .append(CONFIG_NAMES.getOrDefault(config, config)).append(" | ").append(p.count());
            for (double value : new double[] {p.p50(), p.p90(), p.p99(), p.p999(), p.max()}) {
                md.append(" | ").append(millis(value));
            }
            md.append(" |\n");
        });
        List<String> other = new ArrayList<>();
        results.figures().forEach((key, value) -> {
            if (key.startsWith("idle.") || key.startsWith("idle_in_process.") || key.startsWith("fanout.") || key.startsWith("first_delta.")
                    || key.endsWith("_per_post")) {
                other.add("`" + key + "` = " + String.format(Locale.ROOT, "%,.1f", value));
            }
        });
        md.append("\nOther figures: ").append(String.join(", ", other)).append(".\n\n");
    }

    private void method(StringBuilder md) throws IOException {
        try (InputStream text = MarkdownReport.class.getResourceAsStream("method.md")) {
            md.append(new String(text.readAllBytes(), StandardCharsets.UTF_8).formatted(settings.turns(),
                    settings.turns(), settings.clients(), SubmitLoad.CONVERSATIONS_PER_CLIENT, settings.pathWarmup(),
                    settings.idleStreams(), settings.fanOutIntervalMillis(), settings.pathWarmup(), settings.warmup(),
                    settings.seconds(), settings.jmhWarmup(),
                    settings.jmhIterations()));
        }
    }

    static String p50p99(Percentiles p) {
        return millis(p.p50()) + " / " + millis(p.p99());
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String millis(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
