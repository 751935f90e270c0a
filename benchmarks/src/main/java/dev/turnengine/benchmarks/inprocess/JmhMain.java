package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.benchmarks.stats.Emit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of the engine in process and prints their percentiles as {@code @metric} lines.
 * Arguments: warm-up seconds, measured seconds, then the storages to run ({@code memory}, {@code postgres}).
 */
public final class JmhMain {

    private JmhMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int warmup = Integer.parseInt(args[0]);
        int measure = Integer.parseInt(args[1]);
        List<String> storages = new ArrayList<>(List.of(args).subList(2, args.length));
        Options options = new OptionsBuilder()
                .include(FirstDeltaBenchmark.class.getName())
                .include(HandoffBenchmark.class.getName())
                .param("storage", storages.toArray(String[]::new))
                .forks(1)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measure)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx1g")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult result : results) {
            var statistics = result.getPrimaryResult().getStatistics();
            String key = result.getParams().getBenchmark().endsWith("virtualThreadRoundTrip") ? "jmh.handoff"
                    : "jmh.first_delta." + result.getParams().getParam("storage");
            // JMH reports microseconds here; the orchestrator works in milliseconds.
            Emit.metric(key + ".count", statistics.getN());
            Emit.metric(key + ".p50", statistics.getPercentile(50.0) / 1000.0);
            Emit.metric(key + ".p90", statistics.getPercentile(90.0) / 1000.0);
            Emit.metric(key + ".p99", statistics.getPercentile(99.0) / 1000.0);
            Emit.metric(key + ".p99.9", statistics.getPercentile(99.9) / 1000.0);
            Emit.metric(key + ".max", statistics.getMax() / 1000.0);
        }
    }
}
