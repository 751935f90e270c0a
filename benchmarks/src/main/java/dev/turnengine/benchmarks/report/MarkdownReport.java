package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.Settings;
import dev.turnengine.benchmarks.http.SubmitLoad;
import dev.turnengine.benchmarks.stats.Percentiles;
import java.awt.Color;
import java.io.IOException;
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
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a run's results as {@code RESULTS.md} (machine, targets, detail tables, method, and the hand-written
 * {@code analysis.md} beside it when there is one) and {@code latency.png}.
 */
public final class MarkdownReport {

    private static final List<String> CONFIGS = List.of("1core", "2cores", "2procs");
    private static final Map<String, String> CONFIG_NAMES = Map.of(
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
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Written by `bin/bench` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" in ").append(took.toSeconds()).append(" s")
                .append(settings.quick() ? " (**--quick**: short windows, a smoke run, not figures to quote)" : "")
                .append(". Every figure below was measured in this one run, beside its baseline.\n\n");
        machine(md);
        targets(md);
        details(md);
        method(md);
        notes(md);
        Path analysis = settings.out().resolve("analysis.md");
        if (Files.exists(analysis)) {
            md.append("\n").append(Files.readString(analysis));
        }
        Files.writeString(settings.out().resolve("RESULTS.md"), md.toString());
        chart();
    }

    private void machine(StringBuilder md) {
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", machine.cores() + " × " + machine.cpu());
        row(md, "Memory", machine.memory());
        row(md, "JDK", machine.jdk());
        row(md, "OS", machine.os());
        row(md, "PostgreSQL", machine.postgres());
        row(md, "Load average (1/5/15 min)", "before: " + loadBefore + "; after: " + loadAfter
                + " (the machine is shared; a load above the core count means other work competed)");
        row(md, "Pinning", "`taskset` pins the process under test (server or benchmark JVM) only; the load driver "
                + "and PostgreSQL run unpinned on the same 2 cores");
        md.append("\n![Latency percentiles](latency.png)\n\n");
    }

    private void targets(StringBuilder md) {
        md.append("## Against the targets\n\n");
        md.append("| # | Figure | Target | 1 core | 2 cores | 2 processes, one database | Met |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        ratioRow(md, "1", "Journal on PostgreSQL: deltas persisted/s (" + settings.turns()
                        + " turns) ÷ raw batched INSERT rows/s", "≥ 50 %", 0.50,
                c -> results.figure("journal.engine." + c),
                c -> results.figure("journal.raw." + (c.equals("2procs") ? "2cores" : c)));
        latencyRow(md, "1", "Journal: delta produced → durable, p50 / p99", "report", Double.NaN,
                c -> "journal.durable." + c);
        ratioRow(md, "2", "Submit over HTTP, in memory: POST …/messages per s ÷ faster bare 202 route per s",
                "≥ 70 %", 0.70, c -> results.figure("submit.memory." + c), c -> results.figure("submit.bare_best." + c));
        ratioRow(md, "2", "Submit over HTTP, PostgreSQL: POST …/messages per s ÷ faster bare 202 route per s",
                "report", Double.NaN, c -> results.figure("submit.postgres." + c),
                c -> results.figure("submit.bare_best." + (c.equals("2procs") ? "2cores" : c)));
        latencyRow(md, "3", "First delta over HTTP, in memory (POST sent → first `text_delta` at an SSE client)",
                "p99 < 5 ms", 5, c -> "first_delta.memory." + c);
        latencyRow(md, "3", "First delta over HTTP, PostgreSQL (2 processes: stream on the other node)",
                "p99 < 20 ms", 20, c -> "first_delta.postgres." + c);
        latencyRow(md, "3", "*Baseline:* bare 202 route, same 4 clients and pace, POST sent → answer received",
                "floor", Double.NaN, c -> "roundtrip.bare." + c);
        latencyRow(md, "3", "*Baseline:* one PostgreSQL round trip (`SELECT 1`)",
                "floor", Double.NaN, c -> "db.select1." + c);
        latencyRow(md, "3", "*Baseline:* one durable single-row commit (`INSERT` + `COMMIT`)", "floor", Double.NaN,
                c -> "db.commit." + c);
        latencyRow(md, "3", "First delta in process (JMH, use cases without HTTP), in memory", "p99 < 5 ms", 5,
                c -> "jmh.first_delta.memory." + c);
        latencyRow(md, "3", "First delta in process (JMH), PostgreSQL", "p99 < 20 ms", 20,
                c -> "jmh.first_delta.postgres." + c);
        latencyRow(md, "3", "*Baseline:* one hand-off to a new virtual thread and back (JMH)", "floor", Double.NaN,
                c -> "jmh.handoff." + c);
        idleRow(md);
        fanOutRow(md, "Fan-out, in memory: delta produced → received, 1,000 streams on 100 busy conversations",
                "memory");
        fanOutRow(md, "Fan-out, PostgreSQL (2 processes: streams and turns spread over both)", "postgres");
        md.append("\nCells read `p50 / p99` in milliseconds, or `measured ÷ baseline = ratio`. **Met** judges each"
                + " configuration that ran; \"—\" means not measured (see the notes).\n\n");
    }

    private void ratioRow(StringBuilder md, String number, String figure, String target, double threshold,
            Function<String, Optional<Double>> measured, Function<String, Optional<Double>> baseline) {
        List<String> cells = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (String config : CONFIGS) {
            Optional<Double> value = measured.apply(config);
            Optional<Double> base = baseline.apply(config);
            if (value.isEmpty() || base.isEmpty() || base.get() <= 0) {
                cells.add(value.map(v -> rate(v)).orElse("—"));
                continue;
            }
            double ratio = value.get() / base.get();
            cells.add(rate(value.get()) + " ÷ " + rate(base.get()) + " = **" + Math.round(ratio * 100) + " %**");
            if (!Double.isNaN(threshold)) {
                verdicts.add(CONFIG_NAMES.get(config) + ": " + (ratio >= threshold ? "yes" : "**no**"));
            }
        }
        tableRow(md, number, figure, target, cells, verdicts);
    }

    private void latencyRow(StringBuilder md, String number, String figure, String target, double p99Limit,
            Function<String, String> key) {
        List<String> cells = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (String config : CONFIGS) {
            Optional<Percentiles> p = results.latency(key.apply(config));
            cells.add(p.map(value -> millis(value.p50()) + " / " + millis(value.p99())).orElse("—"));
            if (p.isPresent() && !Double.isNaN(p99Limit)) {
                verdicts.add(CONFIG_NAMES.get(config) + ": " + (p.get().p99() < p99Limit ? "yes" : "**no**"));
            }
        }
        tableRow(md, number, figure, target, cells, verdicts);
    }

    /** Like a latency row, but a run that lost deliveries (over 1 %) fails whatever its percentiles say. */
    private void fanOutRow(StringBuilder md, String figure, String storage) {
        List<String> cells = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (String config : CONFIGS) {
            String key = "fanout." + storage + "." + config;
            Optional<Percentiles> p = results.latency(key);
            double completeness = results.figure(key + ".completeness").orElse(1.0);
            String lost = completeness < 0.99
                    ? String.format(Locale.ROOT, " (only %.0f %% delivered within 15 s)", completeness * 100) : "";
            cells.add(p.map(value -> millis(value.p50()) + " / " + millis(value.p99()) + lost).orElse("—"));
            p.ifPresent(value -> verdicts.add(CONFIG_NAMES.get(config) + ": "
                    + (value.p99() < 50 && completeness >= 0.99 ? "yes" : "**no**")));
        }
        tableRow(md, "4", figure, "p99 < 50 ms", cells, verdicts);
    }

    private void idleRow(StringBuilder md) {
        Optional<Double> perStream = results.figure("idle.bytes_per_stream");
        Optional<Double> streams = results.figure("idle.streams");
        String cell = perStream.isEmpty() ? "—" : String.format(Locale.ROOT, "%,.0f streams: %.1f KiB each",
                streams.orElse(0.0), perStream.get() / 1024);
        List<String> verdicts = new ArrayList<>();
        perStream.ifPresent(value -> verdicts.add(streams.orElse(0.0) >= 10_000 && value < 64 * 1024 ? "yes"
                : "**no**" + (streams.orElse(0.0) < 10_000 ? " (fewer than 10,000 opened)" : "")));
        tableRow(md, "4", "Idle SSE streams on one node: heap after GC with N open minus with none, ÷ N",
                "10,000 at < 64 KiB", List.of("", cell, ""), verdicts);
    }

    private static void tableRow(StringBuilder md, String number, String figure, String target, List<String> cells,
            List<String> verdicts) {
        md.append("| ").append(number).append(" | ").append(figure).append(" | ").append(target).append(" | ")
                .append(String.join(" | ", cells)).append(" | ")
                .append(verdicts.isEmpty() ? "—" : String.join("; ", verdicts)).append(" |\n");
    }

    private void details(StringBuilder md) {
        md.append("## Throughput\n\n| Route | Storage | Configuration | Requests/s | Latency p50 / p99 (ms) | "
                + "Failed |\n|---|---|---|---|---|---|\n");
        for (String target : List.of("bare", "bare_blocking", "memory", "postgres")) {
            for (String config : CONFIGS) {
                Optional<Double> rate = results.figure("submit." + target + "." + config);
                if (rate.isEmpty()) {
                    continue;
                }
                String route = switch (target) {
                    case "bare" -> "bare 202 (event loop)";
                    case "bare_blocking" -> "bare 202 (blocking executor)";
                    default -> "`POST …/messages`";
                };
                String storage = target.startsWith("bare") ? "—" : target;
                String latency = results.latency("submit." + target + "." + config)
                        .map(p -> millis(p.p50()) + " / " + millis(p.p99())).orElse("—");
                md.append("| ").append(route).append(" | ").append(storage).append(" | ")
                        .append(CONFIG_NAMES.get(config)).append(" | ").append(rate(rate.get())).append(" | ")
                        .append(latency).append(" | ")
                        .append(Math.round(results.figure("submit." + target + "." + config + ".failures").orElse(0.0)))
                        .append(" |\n");
            }
        }
        md.append("\n| Journal | Configuration | Per second | Check |\n|---|---|---|---|\n");
        for (String config : CONFIGS) {
            results.figure("journal.raw." + config).ifPresent(v -> md.append("| raw batched INSERT (1,000 rows per "
                    + "commit, 2 connections) | ").append(CONFIG_NAMES.get(config)).append(" | ").append(rate(v))
                    .append(" rows | mean of ")
                    .append(rate(results.figure("journal.raw." + config + ".before").orElse(Double.NaN)))
                    .append(" before and ")
                    .append(rate(results.figure("journal.raw." + config + ".after").orElse(Double.NaN)))
                    .append(" after the engine's run |\n"));
            results.figure("journal.raw." + config + ".shape").ifPresent(v -> md.append("| raw batched INSERT, the "
                    + "engine's batch shape (").append(settings.turns()).append(" rows per commit, 1 connection) | ")
                    .append(CONFIG_NAMES.get(config)).append(" | ").append(rate(v)).append(" rows | engine ÷ this = ")
                    .append(results.figure("journal.engine." + config)
                            .map(e -> Math.round(100 * e / v) + " %").orElse("—")).append(" |\n"));
            results.figure("journal.engine." + config).ifPresent(v -> md.append("| engine journal, ")
                    .append(settings.turns()).append(" turns streaming | ").append(CONFIG_NAMES.get(config))
                    .append(" | ").append(rate(v)).append(" deltas | ")
                    .append(String.format(Locale.ROOT, "%,.0f deltas reported durable, %,.0f rows in the table",
                            results.figure("journal.engine." + config + ".produced").orElse(0.0),
                            results.figure("journal.engine." + config + ".rows").orElse(0.0)))
                    .append(" |\n"));
        }
        md.append("\n## Latency distributions (ms)\n\n| Series | Configuration | Samples | p50 | p90 | p99 | p99.9 | max |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        results.latencies().forEach((key, p) -> {
            int dot = key.lastIndexOf('.');
            md.append("| ").append(key.substring(0, dot)).append(" | ")
                    .append(CONFIG_NAMES.getOrDefault(key.substring(dot + 1), key.substring(dot + 1))).append(" | ")
                    .append(p.count()).append(" | ").append(millis(p.p50())).append(" | ").append(millis(p.p90()))
                    .append(" | ").append(millis(p.p99())).append(" | ").append(millis(p.p999())).append(" | ")
                    .append(millis(p.max())).append(" |\n");
        });
        md.append("\nOther figures: ");
        List<String> other = new ArrayList<>();
        results.figures().forEach((key, value) -> {
            if (key.startsWith("idle.") || key.startsWith("fanout.") || key.startsWith("first_delta.")
                    || key.endsWith("_per_post")) {
                other.add("`" + key + "` = " + String.format(Locale.ROOT, "%,.1f", value));
            }
        });
        md.append(String.join(", ", other)).append(".\n\n");
    }

    private void method(StringBuilder md) {
        md.append("""
                ## How it is measured

                - **Processes.** `bin/bench` builds the `benchmarks` module and runs `BenchMain`, the orchestrator and \
                HTTP load driver (JDK `HttpClient`, HTTP/1.1 keep-alive). Each server under test is the real \
                `Server` (bootstrap composition, Micronaut on Netty, echo agent, `TURNS_*` configuration) in its own \
                JVM (`-Xmx2g`, default ergonomics: on one CPU the JVM picks the Serial collector, on two G1), started \
                under `taskset -c 0` (1 core) or `taskset -c 0,1` (2 cores). "2 processes" are two such servers \
                on one PostgreSQL schema, the load spread over both. PostgreSQL runs on the same machine.
                - **1 · Journal.** A benchmark JVM composes the engine on `PostgresStorage` with a *flood* agent and \
                runs %d turns at once, each writing 6-character deltas in a loop; `AgentOutput.delta` returns when \
                the delta is committed, so each call's duration is the produced → durable delay, and calls that \
                start and end in the window are counted. The baseline, in the same run and pinned the same way, \
                inserts rows of the same shape and size into a table like `journal` (same primary key and index) \
                with JDBC batches of 1,000 rows per commit (`reWriteBatchedInserts`) on 2 connections, right before \
                and right after the engine's run (the mean is the baseline). A third raw run has the engine's own \
                batch shape — at most one delta in flight per turn, so at most %d rows per commit, one writer — to \
                split the gap into batch shape and engine work. The row count of the table checks the agent's tally.
                - **2 · Submit.** %d closed-loop clients post `{"text":"hello world"}` (each to %d conversations of \
                its own in turn, echo agent, so every request also runs a turn; a conversation gathers a few \
                hundred turns by the end). On PostgreSQL the run also reads `pg_stat_database` before and after: \
                transactions (read-only ones included) and rows written per POST. The baseline routes live in the same \
                Micronaut server: the API's application context loads every bean on its class path, and the \
                benchmark server adds a controller that takes the same body and answers 202 with a same-size JSON \
                body — once on the event loop, once on the blocking executor the real route uses; the faster of the \
                two is the baseline. Bare routes are outside `/v1`, so they skip the bearer-token filter, whose \
                cost counts against the real route.
                - **3 · First delta.** 4 clients each watch their own conversation on a live stream and post \
                one-word messages (echo agent, `TURNS_ECHO_DELAY_MS=0`, so the agent's own delay is zero and nothing \
                is subtracted), timing from sending the POST to the `text_delta` arriving at the SSE client — an \
                upper bound of "accepted → first delta", as it includes the POST's own transfer. With 2 processes \
                the stream is on the other node. The JMH benchmark does the same through the use cases \
                (`SampleTime`, 64 conversations, one-word messages, a subscriber per conversation).
                - **4 · Fan-out.** Idle: 1,000 conversations, heap after full GC in the server (via its control \
                channel) with no stream, then with %,d streams open (10 per conversation), divided by N. Busy: 100 \
                conversations each watched by 10 streams (1,000 in all); a *clock* agent writes a delta every %d ms \
                whose text is its wall-clock production time in microseconds, and the client subtracts it from the \
                arrival time (same machine, same clock). Deltas still on their way when the window closes are \
                waited for (until none arrives for 2 s, at most 15 s); deliveries are checked against what the \
                best-served watcher of each conversation received, and streams the server cut are counted.
                - **Windows.** %.0f s warm-up then %.0f s measured per figure; JMH %d × 1 s warm-up, %d × 1 s measured, \
                1 fork.

                """.formatted(settings.turns(), settings.turns(), settings.clients(), SubmitLoad.CONVERSATIONS_PER_CLIENT,
                settings.idleStreams(),
                settings.fanOutIntervalMillis(), settings.warmup(), settings.seconds(), settings.jmhWarmup(),
                settings.jmhIterations()));
    }

    private void notes(StringBuilder md) {
        if (results.notes().isEmpty()) {
            return;
        }
        md.append("## Notes from this run\n\n");
        results.notes().forEach(note -> md.append("- ").append(note).append("\n"));
        md.append("\n");
    }

    private void chart() throws IOException {
        List<LatencyChart.Series> series = new ArrayList<>();
        Object[][] lines = {
                {"first_delta.memory", "HTTP first delta, memory", new Color(31, 119, 180)},
                {"first_delta.postgres", "HTTP first delta, PostgreSQL", new Color(255, 127, 14)},
                {"jmh.first_delta.memory", "in-process first delta, memory", new Color(44, 160, 44)},
                {"jmh.first_delta.postgres", "in-process first delta, PostgreSQL", new Color(148, 103, 189)},
                {"fanout.memory", "fan-out delivery, memory", new Color(214, 39, 40)},
                {"fanout.postgres", "fan-out delivery, PostgreSQL", new Color(140, 86, 75)},
                {"journal.durable", "journal produced → durable", new Color(23, 190, 207)},
        };
        for (Object[] line : lines) {
            for (String config : List.of("2cores", "1core")) {
                String key = line[0] + "." + config;
                results.latency(key).ifPresent(p -> series.add(new LatencyChart.Series(
                        line[1] + " (" + CONFIG_NAMES.get(config) + ")", (Color) line[2], config.equals("1core"), p)));
            }
        }
        LatencyChart.write("Latency percentiles (solid: 2 cores, dashed: 1 core)", series,
                settings.out().resolve("latency.png"));
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    private static String millis(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
