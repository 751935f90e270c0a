package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.run.OtlpSink;
import dev.turnengine.benchmarks.run.ProcessCpu;
import dev.turnengine.benchmarks.run.ServerNode;
import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.testkit.http.ApiClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The cost of observability: the same in-memory server with metrics and tracing off ({@code TURNS_METRICS=off},
 * no exporter), with metrics alone, with metrics and tracing as the README's "Operating it" recommends for
 * production (the ratio sampler at one trace in a hundred), with one trace in ten, and with every trace exported,
 * measured in interleaved short slices of one run so that drift in the machine's load hits all alike. Off and the
 * recommended set-up, the two the issue compares, run on two servers each; the second of each pair against the
 * first is the noise floor. Spans go over OTLP/HTTP to a sink in this JVM. Reports the submit rate and the
 * first-delta p99 of each configuration.
 */
public final class OverheadProbe {

    /**
     * Rounds run after the warm-ups but not counted: in the first rounds some servers still ran far slower than
     * later (one at about 3,900 POST/s for three rounds, then 10,000 and more), which their own warm-up had not
     * settled.
     */
    static final int SETTLING_ROUNDS = 2;
    /**
     * Load each slice puts on its server before it is measured: the first moments after a switch pay for the
     * previous server's leftovers (its garbage collection, its exports) and for waking this one's threads.
     */
    static final double SLICE_WARMUP_SECONDS = 0.25;

    /** The sampler ratio the README recommends for production; a test keeps the two the same. */
    public static final String RECOMMENDED_RATIO = "0.01";
    /** The ratio the README recommended before, measured beside it: one trace in ten. */
    public static final String TENTH_RATIO = "0.1";

    /** What runs in each configuration. */
    public enum Config {
        OFF("metrics and tracing off"),
        /** Off too, on a second server: the change between two like servers is what chance alone makes. */
        OFF_AGAIN("off again (a second server)"),
        METRICS("metrics alone"),
        RECOMMENDED("metrics and tracing as recommended"),
        /** As recommended too, on a second server: the configuration the issue asks about is measured on two. */
        RECOMMENDED_AGAIN("as recommended again (a second server)"),
        TENTH("metrics and one trace in ten exported"),
        FULL("metrics and every trace exported");

        private final String label;

        Config(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The server that runs the same as this one, for the two measured on two servers; else empty. */
        public Optional<Config> twin() {
            return switch (this) {
                case OFF -> Optional.of(OFF_AGAIN);
                case RECOMMENDED -> Optional.of(RECOMMENDED_AGAIN);
                default -> Optional.empty();
            };
        }

        /** Whether this is the second server of a pair, compared with the first (chance alone). */
        public boolean isSecond() {
            return this == OFF_AGAIN || this == RECOMMENDED_AGAIN;
        }

        /** The first server of the pair this one is the second of. */
        Config first() {
            return this == OFF_AGAIN ? OFF : this == RECOMMENDED_AGAIN ? RECOMMENDED : this;
        }

        /** The key of its figures ({@code overhead.<key>.submit}, {@code overhead.<key>.first_delta_p99_ms}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One configuration's figures: over all its slices, and against everything off as the median over rounds of its
     * slice ÷ off's slice of the same round (robust to drift and to a burst of other work during one slice); see
     * {@link OverheadRounds#figures} for the pairs.
     *
     * @param submitChange negative is a lower submit rate than with everything off
     * @param p99Change positive is a higher first-delta p99 than with everything off
     * @param cpuMicrosPerPost the server process's CPU time (every thread: request, turn, exporter, collector, JIT)
     *     over its submit slices ÷ the POSTs answered in them
     * @param cpuChange positive is more server CPU per POST than with everything off
     */
    public record Figures(double submitPerSecond, double firstDeltaP99, Change submitChange, Change p99Change,
            double cpuMicrosPerPost, Change cpuChange) {
    }

    /**
     * A change against everything off over the rounds, in percent: the median of the same-round ratios, and the
     * lower and upper quartiles of them (the middle half of the rounds lay between), which show how far one
     * round's slices can be trusted.
     */
    public record Change(double median, double lowerQuartile, double upperQuartile) {
    }

    /** Every configuration's figures, and how many exports the sink took in all. */
    public record Result(Map<Config, Figures> figures, long exports) {
    }

    private OverheadProbe() {
    }

    /**
     * The variables of the recommended production set-up, exporting to {@code endpoint}: exactly those the README
     * shows (OTLP/HTTP is the server's default; the batch processor keeps the SDK's defaults).
     */
    public static Map<String, String> recommended(String endpoint) {
        return sampled(endpoint, RECOMMENDED_RATIO);
    }

    /** The recommended variables with another sampler ratio. */
    static Map<String, String> sampled(String endpoint, String ratio) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", ratio);
    }

    /**
     * Starts one server per configuration, warms each for {@code warmup} seconds, then measures them in turn, one
     * short slice at a time: {@code rounds} rounds (after {@link #SETTLING_ROUNDS} uncounted ones), each a
     * {@code slice}-second submit load on every server, then a {@code firstDeltaSlice}-second first-delta probe on
     * every server, each slice after {@link #SLICE_WARMUP_SECONDS} of unmeasured load. A first-delta slice is the
     * longer: under its light load a server collects garbage seldom, and a slice's p99 is set by whether one of
     * those pauses (tens of milliseconds, in memory) falls into it; a longer slice holds more samples around one. The order is shuffled every round (seeded, so
     * runs repeat it), so that a change in the machine's load hits every configuration alike and no configuration
     * always follows the same one.
     */
    public static Result run(Launch launch, int clients, double warmup, double slice, double firstDeltaSlice,
            int rounds, Consumer<String> log) throws Exception {
        Map<Config, ServerNode> nodes = new EnumMap<>(Config.class);
        try (OtlpSink sink = new OtlpSink()) {
            try {
                for (Config config : Config.values()) {
                    nodes.put(config, ServerNode.start("overhead-" + config.key(), launch, Optional.empty(),
                            environment(config, sink.endpoint())));
                }
                Map<Config, List<List<HttpRequest>>> requests = new EnumMap<>(Config.class);
                for (Config config : Config.values()) {
                    List<ApiClient> api = List.of(nodes.get(config).api());
                    requests.put(config, SubmitLoad.requests(api, SubmitLoad.Target.MESSAGES, clients));
                    // Until the JIT has compiled the hot paths: the submit load, then the first-delta probe's.
                    SubmitLoad.run(api, requests.get(config), 0, warmup * 0.75);
                    FirstDeltaProbe.run(api, 4, 0, warmup * 0.25, 5);
                }
                OverheadRounds measured = new OverheadRounds();
                for (int round = -SETTLING_ROUNDS; round < rounds; round++) {
                    boolean counted = round >= 0;
                    StringBuilder line = new StringBuilder(counted ? "overhead round " + round + ":"
                            : "overhead settling round:");
                    List<Config> order = shuffled(round);
                    for (Config config : order) {
                        long cpuBefore = cpuNanos(nodes.get(config));
                        SubmitLoad.Result submitted = SubmitLoad.run(List.of(nodes.get(config).api()),
                                requests.get(config), SLICE_WARMUP_SECONDS, slice);
                        long cpu = cpuNanos(nodes.get(config)) - cpuBefore;
                        double rate = submitted.perSecond();
                        if (counted) {
                            measured.submitSlice(config, rate, cpu / 1e3 / Math.max(1, submitted.answeredInAll()));
                        }
                        line.append(String.format(Locale.ROOT, " %s %.0f/s", config.key(), rate));
                    }
                    for (Config config : order) {
                        LatencySamples samples = FirstDeltaProbe.run(List.of(nodes.get(config).api()), 4,
                                SLICE_WARMUP_SECONDS, firstDeltaSlice, 5).latency();
                        if (counted) {
                            measured.firstDeltaSlice(config, samples);
                        }
                        line.append(String.format(Locale.ROOT, " %s %.2f ms", config.key(),
                                samples.percentiles().p99()));
                    }
                    log.accept(line.toString());
                }
                Map<Config, Figures> figures = new EnumMap<>(Config.class);
                for (Config config : Config.values()) {
                    log.accept("overhead " + config.key() + ": " + measured.ownSummary(config));
                    figures.put(config, measured.figures(config));
                }
                return new Result(figures, sink.exports());
            } finally {
                nodes.values().forEach(ServerNode::close);
            }
        }
    }

    /** The server process's CPU time so far, all threads (the JVM's own too), in nanoseconds. */
    private static long cpuNanos(ServerNode node) {
        return ProcessCpu.nanos(List.of(node.pid()));
    }

    /** The configurations in the order of round {@code round}: a shuffle seeded by the round. */
    static List<Config> shuffled(int round) {
        List<Config> order = new ArrayList<>(List.of(Config.values()));
        Collections.shuffle(order, new Random(round));
        return order;
    }

    /** The variables a configuration's server starts with. */
    static Map<String, String> environment(Config config, String endpoint) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TURNS_METRICS", config == Config.OFF || config == Config.OFF_AGAIN ? "off" : "on");
        switch (config) {
            case RECOMMENDED, RECOMMENDED_AGAIN -> environment.putAll(recommended(endpoint));
            case TENTH -> environment.putAll(sampled(endpoint, TENTH_RATIO));
            case FULL -> environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            default -> {
            }
        }
        return environment;
    }
}
