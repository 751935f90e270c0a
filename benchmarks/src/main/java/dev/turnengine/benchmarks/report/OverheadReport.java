package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.http.OverheadProbe;
import dev.turnengine.benchmarks.http.OverheadProbe.Config;
import java.util.Locale;

/**
 * The observability overhead section of the report: each configuration's submit rate and first-delta p99 beside
 * those with everything off, the recommended production set-up (sampler and ratio) named in the table, and the
 * machine's load while they ran.
 */
public final class OverheadReport {

    /** The target of the operations issue: metrics and tracing cost under 5 % of either figure. */
    private static final double TARGET_PERCENT = 5;

    private OverheadReport() {
    }

    /** Puts the probe's figures into the run's results ({@code overhead.<config>.submit}, …). */
    public static void record(Results results, OverheadProbe.Result result, String loadBefore, String loadAfter) {
        for (Config config : Config.values()) {
            OverheadProbe.Figures figures = result.figures().get(config);
            results.put("overhead." + config.key() + ".submit", figures.submitPerSecond());
            results.put("overhead." + config.key() + ".first_delta_p99_ms", figures.firstDeltaP99());
            put(results, "overhead." + config.key() + ".submit_change_percent", figures.submitChange());
            put(results, "overhead." + config.key() + ".p99_change_percent", figures.p99Change());
            results.put("overhead." + config.key() + ".cpu_us_per_post", figures.cpuMicrosPerPost());
            put(results, "overhead." + config.key() + ".cpu_change_percent", figures.cpuChange());
        }
        results.put("overhead.exports", result.exports());
        results.note("overhead section: load average " + loadBefore + " before, " + loadAfter + " after; "
                + summary(result));
    }

    private static void put(Results results, String key, OverheadProbe.Change change) {
        results.put(key, change.median());
        results.put(key + ".q1", change.lowerQuartile());
        results.put(key + ".q3", change.upperQuartile());
    }

    /** One line: each configuration against everything off. */
    public static String summary(OverheadProbe.Result result) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "against everything off (submit %.0f/s, "
                + "first-delta p99 %.2f ms):", result.figures().get(Config.OFF).submitPerSecond(),
                result.figures().get(Config.OFF).firstDeltaP99()));
        for (Config config : Config.values()) {
            if (config == Config.OFF) {
                continue;
            }
            OverheadProbe.Figures figures = result.figures().get(config);
            line.append(String.format(Locale.ROOT, " %s: submit %.0f/s (%+.1f %%), server CPU %.0f µs per POST "
                    + "(%+.1f %%), first-delta p99 %.2f ms (%+.1f %%);", config.label(), figures.submitPerSecond(),
                    figures.submitChange().median(), figures.cpuMicrosPerPost(), figures.cpuChange().median(),
                    figures.firstDeltaP99(), figures.p99Change().median()));
        }
        return line.append(" ").append(result.exports()).append(" OTLP exports received").toString();
    }

    /** Writes the section when the run measured it. */
    static void section(StringBuilder md, Results results) {
        if (results.figure("overhead.off.submit").isEmpty()) {
            return;
        }
        md.append("## Cost of metrics and tracing (in memory, 2 cores)\n\n| Configuration | Submit POST/s | "
                + "vs off: median (middle half of rounds) | First delta p99 (ms) | vs off: median (middle half of rounds) "
                + "| Costs under 5 % | Server CPU per POST (µs) | vs off: median (middle half of rounds) "
                + "|\n|---|---|---|---|---|---|---|---|\n");
        for (Config config : Config.values()) {
            String key = "overhead." + config.key();
            double submit = results.figure(key + ".submit").orElse(Double.NaN);
            double p99 = results.figure(key + ".first_delta_p99_ms").orElse(Double.NaN);
            double submitChange = results.figure(key + ".submit_change_percent").orElse(Double.NaN);
            double p99Change = results.figure(key + ".p99_change_percent").orElse(Double.NaN);
            boolean baseline = config == Config.OFF;
            String costs = baseline ? "—" : config.isSecond() ? "— (chance alone)"
                    : -submitChange < TARGET_PERCENT && p99Change < TARGET_PERCENT ? "yes" : "**no**";
            double cpu = results.figure(key + ".cpu_us_per_post").orElse(Double.NaN);
            md.append("| ").append(describe(config)).append(String.format(Locale.ROOT,
                    " | %,.0f | %s | %.2f | %s | %s | %.0f | %s |\n", submit,
                    baseline ? "—" : withQuartiles(results, key + ".submit_change_percent"), p99,
                    baseline ? "—" : withQuartiles(results, key + ".p99_change_percent"), costs, cpu,
                    baseline ? "—" : withQuartiles(results, key + ".cpu_change_percent")));
        }
        md.append("\nSeven servers side by side (two with everything off, two as recommended, one for each other ")
                .append("configuration), measured in turn in slices (one second for submit, ")
                .append("three for the first delta; one each with `--quick`), round after ")
                .append("round (in each, a submit load on every server, then the first-delta probe on every server, in ")
                .append("an order shuffled every round; each slice after a quarter second of unmeasured load, and two ")
                .append("uncounted rounds first), so that the machine's changing load hits all alike. ")
                .append("*Submit POST/s* is the ")
                .append("mean over the rounds, *first delta p99* is over all of a configuration's samples; *vs off* is ")
                .append("the median over the rounds of the configuration's slice ÷ off's slice of the same round, which ")
                .append("neither drift nor one disturbed slice moves much; in brackets, the range the middle half of those ")
                .append("round ratios fell in (their quartiles), which shows how noisy one round is. ")
                .append("Spans go over OTLP/HTTP to a sink in the ")
                .append(String.format(Locale.ROOT, "load driver (%,.0f exports received in all). ",
                        results.figure("overhead.exports").orElse(0.0)))
                .append("A lower submit rate or a higher p99 is a cost; the opposite is noise. Off and the recommended ")
                .append("set-up run on two servers each: their rows are the pair's (per round, the geometric mean of the ")
                .append("two slices; the p99 over both servers' samples). The second server of a pair changes nothing ")
                .append("on the path: its row, against the first, is what chance alone moves (the servers' JIT and ")
                .append("collections, the slices the machine disturbed), and a cost smaller than it is not ")
                .append("measured. *Server CPU per POST* is the server process's CPU time over a submit slice (all ")
                .append("its threads: requests, turns, the exporter, the collector, the compiler) ÷ the POSTs answered ")
                .append("in it, the median over the rounds: what the submit rate would lose on a server whose CPU is ")
                .append("the limit, less disturbed than the rate by the load driver and the other servers sharing ")
                .append("the cores. *Costs under 5 %* reads the submit and first-delta medians, as the issue ")
                .append("asks. The load average while they ran is in the notes.\n\n");
    }

    private static String withQuartiles(Results results, String key) {
        return percent(results.figure(key).orElse(Double.NaN)) + String.format(Locale.ROOT, " (%+.1f to %+.1f)",
                results.figure(key + ".q1").orElse(Double.NaN), results.figure(key + ".q3").orElse(Double.NaN));
    }

    private static String describe(Config config) {
        return switch (config) {
            case OFF -> "off: `TURNS_METRICS=off`, no exporter (`traceparent` still carried); two servers";
            case OFF_AGAIN -> "off, the second server ÷ the first (a control: chance alone)";
            case METRICS -> "metrics alone (`GET /metrics`)";
            case RECOMMENDED -> "**as recommended for production**: metrics, tracing with "
                    + "`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, `OTEL_TRACES_SAMPLER_ARG="
                    + OverheadProbe.RECOMMENDED_RATIO + "`, OTLP/HTTP; two servers";
            case RECOMMENDED_AGAIN -> "as recommended, the second server ÷ the first (a control: chance alone)";
            case TENTH -> "metrics, tracing as recommended but `OTEL_TRACES_SAMPLER_ARG=" + OverheadProbe.TENTH_RATIO
                    + "` (one trace in ten)";
            case FULL -> "metrics, every trace exported (the SDK's default sampler)";
        };
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%+.1f %%", value);
    }
}
