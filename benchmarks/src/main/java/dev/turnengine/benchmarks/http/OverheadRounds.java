package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.http.OverheadProbe.Change;
import dev.turnengine.benchmarks.http.OverheadProbe.Config;
import dev.turnengine.benchmarks.http.OverheadProbe.Figures;
import dev.turnengine.benchmarks.stats.LatencySamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the counted rounds of the {@link OverheadProbe} measured, slice by slice for each configuration, and the
 * figures drawn from them: every change is the median over the rounds of a slice ÷ its baseline's slice of the
 * same round, so that drift and one disturbed slice move it little.
 */
final class OverheadRounds {

    private final Map<Config, List<Double>> rates = new EnumMap<>(Config.class);
    private final Map<Config, List<Double>> cpuPerPost = new EnumMap<>(Config.class);
    private final Map<Config, List<Double>> p99s = new EnumMap<>(Config.class);
    private final Map<Config, LatencySamples> firstDeltas = new EnumMap<>(Config.class);

    /** One submit slice of {@code config}: its rate and the server's CPU time per POST answered, in µs. */
    void submitSlice(Config config, double perSecond, double cpuMicrosPerPost) {
        rates.computeIfAbsent(config, c -> new ArrayList<>()).add(perSecond);
        cpuPerPost.computeIfAbsent(config, c -> new ArrayList<>()).add(cpuMicrosPerPost);
    }

    /** One first-delta slice of {@code config}. */
    void firstDeltaSlice(Config config, LatencySamples samples) {
        firstDeltas.computeIfAbsent(config, c -> new LatencySamples()).addAll(samples);
        p99s.computeIfAbsent(config, c -> new ArrayList<>()).add(samples.percentiles().p99());
    }

    /** The server's own figures, for the log: its mean rate, its median CPU per POST, its first deltas. */
    String ownSummary(Config config) {
        return "submit " + Math.round(mean(rates.get(config))) + "/s, server CPU "
                + Math.round(median(cpuPerPost.get(config))) + " µs per POST, first delta "
                + firstDeltas.get(config).percentiles();
    }

    /**
     * One configuration's figures. Off and the recommended set-up run on two servers each, and their figures are the
     * pair's: per round the geometric mean of the two slices, the p99 over both servers' samples. Everything is
     * compared with off's pair; the second server of a pair is compared with the first, which is what chance alone
     * moves. One server against one other moved the first-delta p99 by +6 to +11 % in five full runs in a row, with
     * nothing changed on the path; a pair against a pair halves what either server's own luck (its collections, its
     * JIT) weighs.
     */
    Figures figures(Config config) {
        LatencySamples samples = new LatencySamples();
        samples.addAll(firstDeltas.get(config));
        if (!config.isSecond()) {
            config.twin().ifPresent(twin -> samples.addAll(firstDeltas.get(twin)));
        }
        List<Double> rate = series(config, rates);
        List<Double> cpu = series(config, cpuPerPost);
        return new Figures(mean(rate), samples.percentiles().p99(), change(rate, baseline(config, rates)),
                change(series(config, p99s), baseline(config, p99s)), median(cpu),
                change(cpu, baseline(config, cpuPerPost)));
    }

    /** What a configuration's values are compared with: a second server's first, everyone else's off's pair. */
    private static List<Double> baseline(Config config, Map<Config, List<Double>> values) {
        return config.isSecond() ? values.get(config.first()) : series(Config.OFF, values);
    }

    /**
     * A configuration's value per round: a second server's own, a pair's geometric mean of its two servers' slices
     * (a ratio of these is the mean of the two servers' ratios, on a log scale), anyone else's own.
     */
    static List<Double> series(Config config, Map<Config, List<Double>> values) {
        List<Double> own = values.get(config);
        if (config.isSecond() || config.twin().isEmpty()) {
            return own;
        }
        List<Double> other = values.get(config.twin().get());
        List<Double> pooled = new ArrayList<>(own.size());
        for (int i = 0; i < own.size(); i++) {
            pooled.add(Math.sqrt(own.get(i) * other.get(i)));
        }
        return pooled;
    }

    /** The change of {@code values[i] ÷ baseline[i]} over the rounds {@code i}, in percent. */
    static Change change(List<Double> values, List<Double> baseline) {
        double[] ratios = new double[values.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = values.get(i) / baseline.get(i);
        }
        Arrays.sort(ratios);
        return new Change((quantile(ratios, 0.5) - 1) * 100, (quantile(ratios, 0.25) - 1) * 100,
                (quantile(ratios, 0.75) - 1) * 100);
    }

    /** The {@code q} quantile of sorted values, interpolated between the two nearest. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return quantile(sorted, 0.5);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
