package dev.turnengine.benchmarks.stats;

/**
 * Summary of a latency distribution, in milliseconds.
 *
 * @param count the number of samples
 */
public record Percentiles(int count, double p50, double p90, double p99, double p999, double max) {

    /** No samples. */
    public static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** Nearest-rank percentiles of sorted nanosecond samples. */
    public static Percentiles of(long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            return EMPTY;
        }
        return new Percentiles(sortedNanos.length, rank(sortedNanos, 0.50), rank(sortedNanos, 0.90),
                rank(sortedNanos, 0.99), rank(sortedNanos, 0.999), sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    /** This distribution with {@code millis} taken off every percentile (an agent's own delay). */
    public Percentiles minus(double millis) {
        return new Percentiles(count, p50 - millis, p90 - millis, p99 - millis, p999 - millis, max - millis);
    }

    /** The value at one of the four named percentiles. */
    public double at(String name) {
        return switch (name) {
            case "p50" -> p50;
            case "p90" -> p90;
            case "p99" -> p99;
            case "p99.9" -> p999;
            case "max" -> max;
            default -> throw new IllegalArgumentException("unknown percentile " + name);
        };
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
