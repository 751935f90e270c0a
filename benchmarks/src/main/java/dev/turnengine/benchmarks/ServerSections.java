package dev.turnengine.benchmarks;

import dev.turnengine.benchmarks.http.FanOutProbe;
import dev.turnengine.benchmarks.http.FirstDeltaProbe;
import dev.turnengine.benchmarks.http.SubmitLoad;
import dev.turnengine.benchmarks.report.Results;
import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.run.ProcessCpu;
import dev.turnengine.benchmarks.run.ServerNode;
import dev.turnengine.testkit.http.ApiClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The sections measured on running servers of one storage and CPU set: the submit rate (in memory beside the bare
 * routes, on PostgreSQL between two measurements of the raw commit rate), the first delta over HTTP, and fan-out.
 */
final class ServerSections {

    /** Length of one warm-up slice: between slices the count of answered POSTs is checked. */
    private static final double WARMUP_SLICE_SECONDS = 5;

    private final Settings settings;
    private final Results results;
    private final Optional<String> database;

    ServerSections(Settings settings, Results results, Optional<String> database) {
        this.settings = settings;
        this.results = results;
        this.database = database;
    }

    /**
     * Starts one server per entry of {@code urls} (empty: in memory) on fresh schemas, runs the wanted sections
     * against them all, and stops them.
     */
    void run(Launch launch, String config, String storage, List<Optional<String>> urls) throws Exception {
        urls.stream().flatMap(Optional::stream).distinct().forEach(url -> baselines().dropSchemaOf(url));
        List<ServerNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < urls.size(); i++) {
                nodes.add(ServerNode.start("server-" + storage + "-" + config + "-" + i, launch, urls.get(i)));
            }
            List<ApiClient> apis = nodes.stream().map(ServerNode::api).toList();
            if (settings.wants("submit")) {
                submitSection(launch, nodes, config, storage, urls.size());
            } else if (settings.wants("first-delta") || settings.wants("fan-out")) {
                // The submit section's warm-up is also theirs: without it they would measure a JIT still compiling.
                warmUp(apis, SubmitLoad.requests(apis, SubmitLoad.Target.MESSAGES, settings.clients()),
                        key(storage, config));
            }
            if (settings.wants("first-delta")) {
                firstDelta(apis, config, storage);
            }
            if (settings.wants("fan-out")) {
                fanOut(nodes, config, storage);
            }
        } finally {
            nodes.forEach(ServerNode::close);
        }
    }

    private void submitSection(Launch launch, List<ServerNode> nodes, String config, String storage, int servers)
            throws Exception {
        List<ApiClient> apis = nodes.stream().map(ServerNode::api).toList();
        if (storage.equals("memory")) {
            // Warm the server and the driver on both kinds of route before anything counts.
            SubmitLoad.run(apis, SubmitLoad.Target.BARE_BLOCKING, settings.clients(), 0, settings.warmup());
            SubmitLoad.run(apis, SubmitLoad.Target.MESSAGES, settings.clients(), 0, settings.warmup());
            submit(nodes, SubmitLoad.Target.BARE, "bare", config);
            submit(nodes, SubmitLoad.Target.BARE_BLOCKING, "bare_blocking", config);
            // The baseline is the faster bare route: the limit of this HTTP stack on this machine.
            results.put("submit.bare_best." + config, Math.max(
                    results.figure("submit.bare." + config).orElse(0.0),
                    results.figure("submit.bare_blocking." + config).orElse(0.0)));
        }
        boolean rawCommits = storage.equals("postgres") && servers == 1;
        if (rawCommits) {
            baselines().rawCommits(launch, config, "before");
        }
        submit(nodes, SubmitLoad.Target.MESSAGES, storage, config);
        if (rawCommits) {
            baselines().rawCommits(launch, config, "after");
            baselines().bestRawCommits(config);
        }
    }

    /**
     * One submit figure: a warm-up, then the measured window, with the CPU time the servers (and, on PostgreSQL, the
     * database's processes on this machine) spent from its start until its last answer, per POST answered.
     */
    private void submit(List<ServerNode> nodes, SubmitLoad.Target target, String name, String config)
            throws Exception {
        List<ApiClient> apis = nodes.stream().map(ServerNode::api).toList();
        List<Long> pids = nodes.stream().map(ServerNode::pid).toList();
        List<List<HttpRequest>> requests = SubmitLoad.requests(apis, target, settings.clients());
        warmUp(apis, requests, key(name, config));
        boolean postgres = name.equals("postgres");
        Optional<long[]> before = postgres ? baselines().databaseActivity() : Optional.empty();
        long serverCpu = ProcessCpu.nanos(pids);
        OptionalLong databaseCpu = postgres ? ProcessCpu.databaseNanos() : OptionalLong.empty();
        SubmitLoad.Result result = SubmitLoad.run(apis, requests, 0, settings.seconds());
        double answered = Math.max(1, result.answeredInAll());
        String key = key(name, config);
        if (target == SubmitLoad.Target.MESSAGES) {
            results.put(key + ".server_cpu_us_per_post", (ProcessCpu.nanos(pids) - serverCpu) / 1e3 / answered);
            if (databaseCpu.isPresent()) {
                ProcessCpu.databaseNanos().ifPresent(after -> results.put(key + ".database_cpu_us_per_post",
                        (after - databaseCpu.getAsLong()) / 1e3 / answered));
            }
        }
        if (before.isPresent()) {
            Thread.sleep(1_000); // the last turns finish
            baselines().databaseActivity().ifPresent(after -> {
                results.put("submit.postgres." + config + ".commits_per_post", (after[0] - before.get()[0]) / answered);
                results.put("submit.postgres." + config + ".rows_written_per_post",
                        (after[1] - before.get()[1]) / answered);
            });
        }
        results.put(key, result.perSecond());
        results.put(key + ".failures", result.failures());
        results.latency(key, result.latency());
        BenchMain.log("submit " + name + " " + config + ": " + Math.round(result.perSecond()) + "/s, "
                + result.latency() + ", failures " + result.failures()
                + results.figure(key + ".server_cpu_us_per_post").map(cpu -> ", server CPU " + Math.round(cpu)
                        + " µs per POST").orElse("")
                + results.figure(key + ".database_cpu_us_per_post").map(cpu -> ", database CPU " + Math.round(cpu)
                        + " µs per POST").orElse("")
                + String.format(Locale.ROOT, ", after %.0f s of warm-up (%.0f POSTs)",
                        results.figure(key + ".warmup_seconds").orElse(0.0),
                        results.figure(key + ".warmup_posts").orElse(0.0)));
    }

    private static String key(String name, String config) {
        return "submit." + name + "." + config;
    }

    /**
     * Loads the servers in slices until each has answered {@link Settings#submitWarmupPosts()} POSTs (the clients
     * are spread evenly over them), for at least {@link Settings#submitWarmup()} and at most
     * {@link Settings#submitWarmupLimit()} seconds; records how long that took and how many were answered.
     */
    private void warmUp(List<ApiClient> apis, List<List<HttpRequest>> requests, String key) throws Exception {
        long wanted = settings.submitWarmupPosts() * apis.size();
        long answered = 0;
        double elapsed = 0;
        while (elapsed < settings.submitWarmup()
                || (answered < wanted && elapsed < settings.submitWarmupLimit())) {
            double slice = Math.min(WARMUP_SLICE_SECONDS, Math.max(1, settings.submitWarmupLimit() - elapsed));
            answered += SubmitLoad.run(apis, requests, 0, slice).answeredInAll();
            elapsed += slice;
        }
        results.put(key + ".warmup_seconds", elapsed);
        results.put(key + ".warmup_posts", answered);
    }

    private void firstDelta(List<ApiClient> apis, String config, String storage) throws Exception {
        if (storage.equals("memory")) {
            // The floor: the same clients and pace on the bare route, a plain HTTP round trip.
            FirstDeltaProbe.Result floor = FirstDeltaProbe.roundTrips(apis, 4, settings.warmup(), settings.seconds(),
                    5);
            results.latency("roundtrip.bare." + config, floor.latency().percentiles());
            BenchMain.log("bare round trip " + config + ": " + floor.latency().percentiles());
        }
        FirstDeltaProbe.Result first = FirstDeltaProbe.run(apis, 4, settings.pathWarmup(), settings.seconds(), 5);
        results.latency("first_delta." + storage + "." + config, first.latency().percentiles());
        results.latency("first_delta_accepted." + storage + "." + config, first.accepted().percentiles());
        results.put("first_delta." + storage + "." + config + ".failures", first.timeouts());
        BenchMain.log("first delta " + storage + " " + config + ": " + first.latency().percentiles()
                + "; of which POST sent → 202 received: " + first.accepted().percentiles());
    }

    private void fanOut(List<ServerNode> nodes, String config, String storage) throws Exception {
        double seconds = settings.seconds();
        List<ApiClient> apis = nodes.stream().map(ServerNode::api).toList();
        FanOutProbe.Result fan = FanOutProbe.busy(apis, nodes.stream().map(ServerNode::pid).toList(),
                storage.equals("postgres"), 100, 10, settings.fanOutIntervalMillis(), settings.pathWarmup(), seconds);
        String key = "fanout." + storage + "." + config;
        results.latency(key, fan.latency().percentiles());
        results.put(key + ".delivered_per_s", fan.delivered() / seconds);
        double delivered = Math.max(1, fan.delivered());
        double serverMicros = fan.cpu().serversNanos() / 1e3 / delivered;
        double driverMicros = fan.cpu().driverNanos() / 1e3 / delivered;
        OptionalDouble databaseMicros = fan.cpu().databaseNanos().isPresent()
                ? OptionalDouble.of(fan.cpu().databaseNanos().getAsLong() / 1e3 / delivered) : OptionalDouble.empty();
        results.put(key + ".server_cpu_us_per_delivery", serverMicros);
        results.put(key + ".driver_cpu_us_per_delivery", driverMicros);
        databaseMicros.ifPresent(db -> results.put(key + ".database_cpu_us_per_delivery", db));
        results.put(key + ".completeness", fan.completeness());
        results.put(key + ".streams_cut", fan.cutStreams());
        results.put(key + ".failed_streams", fan.failedStreams());
        BenchMain.log("fan-out " + storage + " " + config + ": " + fan.latency().percentiles() + ", delivered "
                + fan.delivered() + " of " + fan.expected() + ", streams cut by the server " + fan.cutStreams()
                + String.format(Locale.ROOT, "; CPU per delivery: servers %.1f µs, driver %.1f µs%s", serverMicros,
                        driverMicros, databaseMicros.isPresent()
                                ? String.format(Locale.ROOT, ", database %.1f µs", databaseMicros.getAsDouble()) : ""));
        if (apis.size() > 1) {
            // Apart: what crossing to the other node adds to a delivery (the notification's round and transit).
            results.latency("fanout_other_node." + storage + "." + config, fan.otherNode().percentiles());
            BenchMain.log("fan-out " + storage + " " + config + ", watchers on the other node: "
                    + fan.otherNode().percentiles());
        }
    }

    private DatabaseBaselines baselines() {
        return new DatabaseBaselines(settings, results, database.orElseThrow());
    }
}
