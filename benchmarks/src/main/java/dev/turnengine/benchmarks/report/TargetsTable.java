package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report's "Against the targets" table: each figure of the issues' targets per configuration, beside its
 * baseline where it has one, and whether each configuration met it.
 */
final class TargetsTable {

    /** One cell of the table, and whether it meets the target when there is one to meet. */
    private record Cell(String text, Optional<Boolean> met) {
    }

    private final Settings settings;
    private final Results results;

    TargetsTable(Settings settings, Results results) {
        this.settings = settings;
        this.results = results;
    }

    /** Appends the table, with its legend. */
    void write(StringBuilder md) {
        md.append("## Against the targets\n\n| # | Figure | Target | 1 core | 2 cores | 2 processes, one database | "
                + "Met |\n|---|---|---|---|---|---|---|\n");
        row(md, "1", "Journal on PostgreSQL: tokens made durable/s (" + settings.turns()
                + " turns offered the raw rate between them) ÷ raw batched INSERT rows/s", "≥ 50 %",
                ratio("journal.engine.", "journal.raw.", 0.50));
        row(md, "1", "Journal on PostgreSQL: rows written/s (text grouped per turn while a commit is in flight) ÷ "
                + "raw batched INSERT rows/s", "report", ratio("journal.rows.", "journal.raw.", Double.NaN));
        row(md, "1", "Journal with 2 processes on one database ÷ the same with 1 process (2 cores)", "≥ 90 %",
                c -> c.equals("2procs") ? ratio(results.figure("journal.engine.2procs"),
                        results.figure("journal.engine.2cores"), 0.90) : Optional.empty());
        row(md, "1", "Journal: token produced → at a subscriber on the node, p50 / p99", "report",
                latency("journal.durable.", Double.NaN));
        row(md, "2", "Submit over HTTP, in memory: POST …/messages per s ÷ faster bare 202 route per s", "≥ 70 %",
                c -> ratio(results.figure("submit.memory." + c), results.figure("submit.bare_best." + c), 0.70));
        row(md, "2", "Submit over HTTP, PostgreSQL: POST …/messages per s ÷ faster bare 202 route per s", "report",
                ratio("submit.postgres.", "submit.bare_best.", Double.NaN));
        row(md, "2", "Submit over HTTP, PostgreSQL: POST …/messages per s ÷ raw single-row INSERT+COMMIT per s, "
                + settings.clients() + " clients each (2 processes: both servers together)", "≥ 10 % (aim 25 %)",
                ratio("submit.postgres.", "submit.raw_commit.", 0.10));
        row(md, "2", "Submit on PostgreSQL: transactions committed per POST of an echo turn (`pg_stat_database`)",
                "≤ 4", c -> results.figure("submit.postgres." + c + ".commits_per_post").map(v -> new Cell(
                        String.format(Locale.ROOT, "%.1f", v), Optional.of(v <= 4))));
        row(md, "2", "Submit: CPU time per POST answered (µs), in memory: the server process; on PostgreSQL: the "
                + "server processes + PostgreSQL's processes (2 processes: both servers together)", "report",
                c -> cpuPerPost(c));
        row(md, "3", "First delta over HTTP, in memory (POST sent → first `text_delta` at an SSE client)",
                "p99 < 5 ms", latency("first_delta.memory.", 5));
        row(md, "3", "*Split:* of those turns, POST sent → its `202` received", "report",
                latency("first_delta_accepted.memory.", Double.NaN));
        row(md, "3", "First delta over HTTP, PostgreSQL (2 processes: stream on the other node)", "p99 < 20 ms",
                latency("first_delta.postgres.", 20));
        row(md, "3", "*Split:* of those turns, POST sent → its `202` received", "report",
                latency("first_delta_accepted.postgres.", Double.NaN));
        row(md, "3", "*Baseline:* bare 202 route, same 4 clients and pace, POST sent → answer received", "floor",
                latency("roundtrip.bare.", Double.NaN));
        row(md, "3", "*Baseline:* one PostgreSQL round trip (`SELECT 1`)", "floor", latency("db.select1.", Double.NaN));
        row(md, "3", "*Baseline:* one durable single-row commit (`INSERT` + `COMMIT`)", "floor",
                latency("db.commit.", Double.NaN));
        row(md, "3", "First delta in process (JMH, use cases without HTTP), in memory", "p99 < 5 ms",
                latency("jmh.first_delta.memory.", 5));
        row(md, "3", "First delta in process (JMH), PostgreSQL", "p99 < 20 ms", latency("jmh.first_delta.postgres.", 20));
        row(md, "3", "*Baseline:* one hand-off to a new virtual thread and back (JMH)", "floor",
                latency("jmh.handoff.", Double.NaN));
        idleRow(md, "idle", "Idle SSE streams on one node: heap after GC with N open minus with none, ÷ N");
        idleRow(md, "idle_in_process", "The same, the streams opened inside the server's process (whole pipeline, "
                + "no socket, so no descriptor limit)");
        row(md, "4", "Fan-out, in memory: delta produced → received, 1,000 streams on 100 busy conversations",
                "p99 < 50 ms", fanOut("memory"));
        row(md, "4", "Fan-out, PostgreSQL (2 processes: streams and turns spread over both)", "p99 < 50 ms",
                fanOut("postgres"));
        row(md, "4", "Fan-out: CPU time per delivery over the window (µs): the servers, PostgreSQL's processes, and "
                + "the load driver (1,000 streams, sharing the cores)", "report", this::cpuPerDelivery);
        md.append("\nCells read `p50 / p99` in milliseconds, or `measured ÷ baseline = ratio`. **Met** judges each"
                + " configuration that ran; \"—\" means not measured (see the notes).\n\n");
    }

    /**
     * A row of the targets table for idle streams measured under {@code prefix} ({@code idle.bytes_per_stream} …).
     * The in-process row also reads what the socket row measured more per stream at the count both reached, added
     * to its own figure: the estimate for as many streams over sockets, which its verdict judges.
     */
    private void idleRow(StringBuilder md, String prefix, String figure) {
        Optional<Double> perStream = results.figure(prefix + ".bytes_per_stream");
        double streams = results.figure(prefix + ".streams").orElse(0.0);
        Optional<Double> at10k = results.figure(prefix + ".bytes_per_stream.10000");
        double sockets = results.figure("idle.streams").orElse(0.0);
        Optional<Double> socketExtra = prefix.equals("idle") ? Optional.empty()
                : results.figure("idle.bytes_per_stream").flatMap(overSockets -> results
                        .figure(prefix + ".bytes_per_stream." + Math.round(sockets)).map(same -> overSockets - same));
        Optional<Double> judged = perStream.map(v -> v + socketExtra.orElse(0.0));
        md.append("| 4 | ").append(figure).append(" | 100,000 at < 8 KiB |  | ")
                .append(perStream.map(v -> String.format(Locale.ROOT, "%,.0f streams: %.1f KiB each", streams,
                        v / 1024) + at10k.filter(x -> streams > 10_000).map(x -> String.format(Locale.ROOT,
                        " (10,000: %.1f KiB)", x / 1024)).orElse("")).orElse("—"))
                .append(socketExtra.map(extra -> String.format(Locale.ROOT, "; over sockets %+.0f B at %,.0f "
                        + "(the socket row), so ≈ %.1f KiB", extra, sockets, judged.orElseThrow() / 1024)).orElse(""))
                .append(" |  | ").append(judged.map(v -> streams >= 100_000 && v < 8 * 1024 ? "yes"
                        : "**no**" + (streams < 100_000 ? " (fewer than 100,000 opened)" : "")).orElse("—"))
                .append(" |\n");
    }

    /** A row of the targets table: one cell per configuration, and the verdicts of those that have one. */
    private static void row(StringBuilder md, String number, String figure, String target,
            Function<String, Optional<Cell>> cell) {
        List<String> cells = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (String config : MarkdownReport.CONFIGS) {
            Optional<Cell> value = cell.apply(config);
            cells.add(value.map(Cell::text).orElse("—"));
            value.flatMap(Cell::met).ifPresent(met -> verdicts.add(MarkdownReport.CONFIG_NAMES.get(config) + ": "
                    + (met ? "yes" : "**no**")));
        }
        md.append("| ").append(number).append(" | ").append(figure).append(" | ").append(target).append(" | ")
                .append(String.join(" | ", cells)).append(" | ")
                .append(verdicts.isEmpty() ? "—" : String.join("; ", verdicts)).append(" |\n");
    }

    /** Measured ÷ baseline; 2 processes share the 2-core baseline. */
    private Function<String, Optional<Cell>> ratio(String measured, String baseline, double threshold) {
        return c -> ratio(results.figure(measured + c),
                results.figure(baseline + (c.equals("2procs") ? "2cores" : c)), threshold);
    }

    private static Optional<Cell> ratio(Optional<Double> value, Optional<Double> base, double threshold) {
        if (value.isEmpty() || base.isEmpty() || base.get() <= 0) {
            return value.map(v -> new Cell(MarkdownReport.rate(v), Optional.empty()));
        }
        double ratio = value.get() / base.get();
        return Optional.of(new Cell(MarkdownReport.rate(value.get()) + " ÷ " + MarkdownReport.rate(base.get())
                + " = **" + Math.round(ratio * 100)
                + " %**", Double.isNaN(threshold) ? Optional.empty() : Optional.of(ratio >= threshold)));
    }

    private Function<String, Optional<Cell>> latency(String key, double p99Limit) {
        return c -> results.latency(key + c).map(p -> new Cell(MarkdownReport.p50p99(p),
                Double.isNaN(p99Limit) ? Optional.empty() : Optional.of(p.p99() < p99Limit)));
    }

    /** The submit window's CPU per POST: in memory, then on PostgreSQL as servers + database. */
    private Optional<Cell> cpuPerPost(String config) {
        List<String> parts = new ArrayList<>();
        results.figure("submit.memory." + config + ".server_cpu_us_per_post")
                .ifPresent(cpu -> parts.add("in memory " + Math.round(cpu)));
        results.figure("submit.postgres." + config + ".server_cpu_us_per_post").ifPresent(server -> parts.add(
                "PostgreSQL " + Math.round(server) + results.figure("submit.postgres." + config
                        + ".database_cpu_us_per_post").map(db -> " + " + Math.round(db)).orElse("")));
        return parts.isEmpty() ? Optional.empty() : Optional.of(new Cell(String.join("; ", parts), Optional.empty()));
    }

    /** The fan-out window's CPU per delivery, in memory and on PostgreSQL. */
    private Optional<Cell> cpuPerDelivery(String config) {
        List<String> parts = new ArrayList<>();
        for (String storage : List.of("memory", "postgres")) {
            String key = "fanout." + storage + "." + config;
            results.figure(key + ".server_cpu_us_per_delivery").ifPresent(server -> parts.add(
                    (storage.equals("memory") ? "in memory: servers " : "PostgreSQL: servers ") + Math.round(server)
                            + results.figure(key + ".database_cpu_us_per_delivery")
                                    .map(db -> ", database " + Math.round(db)).orElse("")
                            + results.figure(key + ".driver_cpu_us_per_delivery")
                                    .map(driver -> ", driver " + Math.round(driver)).orElse("")));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new Cell(String.join("; ", parts), Optional.empty()));
    }

    /** Like a latency cell, but a run that lost deliveries (over 1 %) fails whatever its percentiles say. */
    private Function<String, Optional<Cell>> fanOut(String storage) {
        return c -> {
            String key = "fanout." + storage + "." + c;
            double completeness = results.figure(key + ".completeness").orElse(1.0);
            String lost = completeness < 0.99
                    ? String.format(Locale.ROOT, " (only %.0f %% delivered within 15 s)", completeness * 100) : "";
            return results.latency(key).map(p -> new Cell(MarkdownReport.p50p99(p) + lost,
                    Optional.of(p.p99() < 50 && completeness >= 0.99)));
        };
    }
}
