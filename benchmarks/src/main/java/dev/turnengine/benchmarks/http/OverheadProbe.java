package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.run.OtlpSink;
import dev.turnengine.benchmarks.run.ServerNode;
import dev.turnengine.benchmarks.stats.Percentiles;
import dev.turnengine.testkit.http.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cost of observability: the same in-memory server measured with metrics and tracing on (Prometheus meters,
 * every request and turn traced and exported over OTLP to a sink) and off ({@code TURNS_METRICS=off}, no
 * exporter), in alternating rounds of one run so drift in the machine's load hits both alike. Reports the
 * submit rate and the first-delta p99 of each, best round of each.
 */
public final class OverheadProbe {

    /** Both configurations' figures. */
    public record Result(double submitOn, double submitOff, double p99On, double p99Off, long exports) {

        /** How much lower the submit rate is with observability on, in percent (negative: it was higher). */
        public double submitCostPercent() {
            return (submitOff - submitOn) / submitOff * 100;
        }

        /** How much higher the first-delta p99 is with observability on, in percent. */
        public double p99CostPercent() {
            return (p99On - p99Off) / p99Off * 100;
        }
    }

    private OverheadProbe() {
    }

    public static Result run(Launch launch, int clients, double warmup, double seconds, int rounds,
            Consumer<String> log) throws Exception {
        List<Double> submitOn = new ArrayList<>();
        List<Double> submitOff = new ArrayList<>();
        List<Double> p99On = new ArrayList<>();
        List<Double> p99Off = new ArrayList<>();
        try (OtlpSink sink = new OtlpSink()) {
            Map<String, String> on = Map.of("TURNS_METRICS", "on", "OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_BSP_SCHEDULE_DELAY", "200");
            Map<String, String> off = Map.of("TURNS_METRICS", "off");
            for (int round = 0; round < rounds; round++) {
                measure(launch, "overhead-on-" + round, on, clients, warmup, seconds, submitOn, p99On, log);
                measure(launch, "overhead-off-" + round, off, clients, warmup, seconds, submitOff, p99Off, log);
            }
            return new Result(max(submitOn), max(submitOff), min(p99On), min(p99Off), sink.exports());
        }
    }

    private static void measure(Launch launch, String name, Map<String, String> environment, int clients,
            double warmup, double seconds, List<Double> submits, List<Double> p99s, Consumer<String> log)
            throws Exception {
        try (ServerNode node = ServerNode.start(name, launch, Optional.empty(), environment)) {
            List<ApiClient> apis = List.of(node.api());
            SubmitLoad.run(apis, SubmitLoad.Target.MESSAGES, clients, 0, warmup);
            SubmitLoad.Result submit = SubmitLoad.run(apis, SubmitLoad.Target.MESSAGES, clients, warmup, seconds);
            Percentiles first = FirstDeltaProbe.run(apis, 4, warmup, seconds, 5).latency().percentiles();
            submits.add(submit.perSecond());
            p99s.add(first.p99());
            log.accept(name + ": submit " + Math.round(submit.perSecond()) + "/s (failures " + submit.failures()
                    + "), first delta " + first);
        }
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }
}
