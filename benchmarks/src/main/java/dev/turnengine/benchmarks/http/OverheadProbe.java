package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.run.OtlpSink;
import dev.turnengine.benchmarks.run.ServerNode;
import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.benchmarks.stats.Percentiles;
import dev.turnengine.testkit.http.ApiClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cost of observability: the same in-memory server with metrics and tracing off ({@code TURNS_METRICS=off},
 * no exporter), with metrics alone, with metrics and tracing as the README's "Operating it" recommends for
 * production (the ratio sampler), and with every trace exported, measured in interleaved short slices of one run
 * so that drift in the machine's load hits all alike. Spans go over OTLP/HTTP to a sink in this JVM. Reports the
 * submit rate and the first-delta p99 of each configuration.
 */
public final class OverheadProbe {

    /** The sampler ratio the README recommends for production; a test keeps the two the same. */
    public static final String RECOMMENDED_RATIO = "0.1";

    /** What runs in each configuration. */
    public enum Config {
        OFF("metrics and tracing off"),
        METRICS("metrics alone"),
        RECOMMENDED("metrics and tracing as recommended"),
        FULL("metrics and every trace exported");

        private final String label;

        Config(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The key of its figures ({@code overhead.<key>.submit}, {@code overhead.<key>.first_delta_p99_ms}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One configuration's figures over all its slices. */
    public record Figures(double submitPerSecond, double firstDeltaP99) {
    }

    /** Every configuration's figures, and how many exports the sink took in all. */
    public record Result(Map<Config, Figures> figures, long exports) {

        /** How much lower the submit rate of {@code config} is than with everything off, in percent. */
        public double submitCostPercent(Config config) {
            double off = figures.get(Config.OFF).submitPerSecond();
            return (off - figures.get(config).submitPerSecond()) / off * 100;
        }

        /** How much higher the first-delta p99 of {@code config} is than with everything off, in percent. */
        public double p99CostPercent(Config config) {
            double off = figures.get(Config.OFF).firstDeltaP99();
            return (figures.get(config).firstDeltaP99() - off) / off * 100;
        }
    }

    private OverheadProbe() {
    }

    /**
     * The variables of the recommended production set-up, exporting to {@code endpoint}: exactly those the README
     * shows (OTLP/HTTP is the server's default; the batch processor keeps the SDK's defaults).
     */
    public static Map<String, String> recommended(String endpoint) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", RECOMMENDED_RATIO);
    }

    /**
     * Starts one server per configuration, warms each for {@code warmup} seconds, then measures them in turn, one short slice at a time
     * ({@code slices} rounds of {@code slice} seconds each, the order rotating every round), first the submit load,
     * then the first-delta probe: a change in the machine's load during the run hits every configuration alike.
     * The submit rate is all POSTs answered in a configuration's slices over their time; the p99 is over all its
     * first-delta samples.
     */
    public static Result run(Launch launch, int clients, double warmup, double slice, int slices,
            Consumer<String> log) throws Exception {
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
                Map<Config, double[]> submitted = new EnumMap<>(Config.class);
                Map<Config, LatencySamples> firstDeltas = new EnumMap<>(Config.class);
                for (int round = 0; round < slices; round++) {
                    StringBuilder line = new StringBuilder("overhead round " + round + ":");
                    for (Config config : rotated(round)) {
                        SubmitLoad.Result result = SubmitLoad.run(List.of(nodes.get(config).api()),
                                requests.get(config), 0, slice);
                        submitted.computeIfAbsent(config, c -> new double[1])[0] += result.perSecond() * slice;
                        line.append(String.format(Locale.ROOT, " %s %.0f/s", config.key(), result.perSecond()));
                    }
                    log.accept(line.toString());
                }
                for (int round = 0; round < slices; round++) {
                    for (Config config : rotated(round)) {
                        firstDeltas.computeIfAbsent(config, c -> new LatencySamples()).addAll(FirstDeltaProbe.run(
                                List.of(nodes.get(config).api()), 4, 0, slice, 5).latency());
                    }
                }
                Map<Config, Figures> figures = new EnumMap<>(Config.class);
                for (Config config : Config.values()) {
                    Percentiles first = firstDeltas.get(config).percentiles();
                    figures.put(config, new Figures(submitted.get(config)[0] / (slice * slices), first.p99()));
                    log.accept("overhead " + config.key() + ": submit " + Math.round(figures.get(config)
                            .submitPerSecond()) + "/s, first delta " + first);
                }
                return new Result(figures, sink.exports());
            } finally {
                nodes.values().forEach(ServerNode::close);
            }
        }
    }

    /** The configurations in the order of round {@code round}: each goes first in its turn. */
    private static List<Config> rotated(int round) {
        List<Config> order = new ArrayList<>(List.of(Config.values()));
        java.util.Collections.rotate(order, -(round % order.size()));
        return order;
    }

    private static Map<String, String> environment(Config config, String endpoint) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TURNS_METRICS", config == Config.OFF ? "off" : "on");
        switch (config) {
            case RECOMMENDED -> environment.putAll(recommended(endpoint));
            case FULL -> environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            default -> {
            }
        }
        return environment;
    }
}
