package dev.turnengine.benchmarks.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a benchmark child process hands its figures to the orchestrator: one {@code @metric key value} line on
 * standard output per figure, and {@code @samples key file} for raw latencies to merge.
 */
public final class Emit {

    private Emit() {
    }

    /** Prints one figure. */
    public static void metric(String key, double value) {
        System.out.println(String.format(Locale.ROOT, "@metric %s %.6f", key, value));
        System.out.flush();
    }

    /** Prints a distribution's percentiles (milliseconds) and its sample count. */
    public static void percentiles(String key, Percentiles percentiles) {
        metric(key + ".count", percentiles.count());
        metric(key + ".p50", percentiles.p50());
        metric(key + ".p90", percentiles.p90());
        metric(key + ".p99", percentiles.p99());
        metric(key + ".p99.9", percentiles.p999());
        metric(key + ".max", percentiles.max());
    }

    /** The percentiles {@link #percentiles} printed under {@code key}, read back from a process's metrics. */
    public static Optional<Percentiles> percentilesIn(Map<String, Double> metrics, String key) {
        if (!metrics.containsKey(key + ".p50")) {
            return Optional.empty();
        }
        return Optional.of(new Percentiles(metrics.get(key + ".count").intValue(), metrics.get(key + ".p50"),
                metrics.get(key + ".p90"), metrics.get(key + ".p99"), metrics.get(key + ".p99.9"),
                metrics.get(key + ".max")));
    }

    /** Writes the raw samples to a file in {@code directory} and prints where, so distributions of several processes merge exactly. */
    public static void samples(String key, LatencySamples samples, Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, key.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".bin");
            samples.writeTo(file);
            System.out.println("@samples " + key + " " + file.toAbsolutePath());
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
