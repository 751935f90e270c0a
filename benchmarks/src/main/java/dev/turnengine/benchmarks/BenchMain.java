package dev.turnengine.benchmarks;

import dev.turnengine.benchmarks.http.FanOutProbe;
import dev.turnengine.benchmarks.http.IdleStreams;
import dev.turnengine.benchmarks.http.OverheadProbe;
import dev.turnengine.benchmarks.report.MachineInfo;
import dev.turnengine.benchmarks.report.MarkdownReport;
import dev.turnengine.benchmarks.report.OverheadReport;
import dev.turnengine.benchmarks.report.Results;
import dev.turnengine.benchmarks.run.CpuSet;
import dev.turnengine.benchmarks.run.HeapHistogram;
import dev.turnengine.benchmarks.run.IdleLimits;
import dev.turnengine.benchmarks.run.Launch;
import dev.turnengine.benchmarks.run.ServerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs every benchmark in turn and writes {@code RESULTS.md} and {@code latency.png}: the journal on
 * PostgreSQL beside raw batched inserts, submits over HTTP beside a bare 202 route, overhead to the first
 * delta (over HTTP and in process with JMH), idle-stream memory and fan-out latency; on 1 core, 2 cores and,
 * with a database, 2 server processes. Options: {@code --out DIR}, {@code --quick} (short windows for a smoke
 * run), {@code --profile} (a flight recording of every child JVM in the log directory), {@code --only NAMES}
 * (comma-separated: journal, submit, first-delta, fan-out, idle, jmh, overhead).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Files.createDirectories(settings.out());
        Files.createDirectories(settings.logs());
        Results results = new Results();
        Optional<String> database = settings.database();
        if (database.isEmpty()) {
            results.note("PostgreSQL rows skipped: " + settings.databaseSkipReason());
        }
        MachineInfo machine = MachineInfo.capture(database);
        String loadBefore = MachineInfo.loadAverage();
        Instant started = Instant.now();
        boolean taskset = tasksetWorks();
        if (!taskset) {
            results.note("taskset is not available: the 1-core rows ran unpinned and are not 1-core figures");
        }
        List<CpuSet> cpuSets = List.of(new CpuSet("1 core", "0", taskset), new CpuSet("2 cores", "0,1", taskset));
        new BenchMain.Run(settings, results, database).all(cpuSets);
        String loadAfter = MachineInfo.loadAverage();
        Duration took = Duration.between(started, Instant.now());
        new MarkdownReport(settings, machine, loadBefore, loadAfter, took, results).write();
        System.out.println("Results written to " + settings.out().resolve("RESULTS.md") + " in " + took.toSeconds()
                + " s");
    }

    private static boolean tasksetWorks() {
        try {
            return new ProcessBuilder("taskset", "-c", "0", "true").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** One run's work, section by section; a failing section is noted and the others go on. */
    private record Run(Settings settings, Results results, Optional<String> database) {

        void all(List<CpuSet> cpuSets) {
            for (CpuSet cpus : cpuSets) {
                if (!settings.wantsConfig(cpus.key())) {
                    continue;
                }
                Launch launch = new Launch(cpus, settings.logs(), settings.profile());
                if (settings.wantsStorage("memory")) {
                    section("in-memory server, " + cpus.label(),
                            () -> servers().run(launch, cpus.key(), "memory", List.of(Optional.empty())));
                }
                if (database.isPresent()) {
                    if (settings.wantsStorage("postgres")) {
                        String url = schemaUrl("srv_" + cpus.key());
                        section("PostgreSQL server, " + cpus.label(),
                                () -> servers().run(launch, cpus.key(), "postgres", List.of(Optional.of(url))));
                    }
                    section("journal, " + cpus.label(),
                            () -> new JournalSection(settings, results, database.get()).run(launch, cpus.key(), 1));
                }
                section("JMH, " + cpus.label(),
                        () -> new InProcessSections(settings, results, database).run(launch, cpus.key()));
            }
            CpuSet both = cpuSets.getLast();
            Launch launch = new Launch(both, settings.logs(), settings.profile());
            if (database.isPresent() && settings.wantsConfig("2procs")) {
                if (settings.wantsStorage("postgres")) {
                    String url = schemaUrl("srv_2procs");
                    section("two PostgreSQL servers", () -> servers().run(launch, "2procs", "postgres",
                            List.of(Optional.of(url), Optional.of(url))));
                }
                section("journal, two processes",
                        () -> new JournalSection(settings, results, database.get()).run(launch, "2procs", 2));
            }
            // Idle streams last: their tens of thousands of connections leave sockets closing behind them, and a
            // full run once showed the tracing servers of the overhead section stalling right after them.
            section("overhead", () -> overhead(launch));
            section("idle streams", () -> idle(launch));
        }

        private void section(String name, Section body) {
            if (!settings.wants(name)) {
                return;
            }
            System.out.println("== " + name + " (load " + MachineInfo.loadAverage() + ")");
            try {
                body.run();
            } catch (Exception e) {
                results.note(name + " failed: " + e);
                System.out.println("   failed: " + e);
                e.printStackTrace(System.out);
            }
        }

        /** Metrics and tracing on against off, same run, alternating rounds (see {@link OverheadProbe}). */
        private void overhead(Launch launch) throws Exception {
            String loadBefore = MachineInfo.loadAverage();
            // Each server warmed for 20 s (8 s with --quick: the JIT is still compiling then, which costs the
            // tracing configurations most), then 20 rounds of a one-second submit slice and a three-second
            // first-delta slice per server (6 rounds of one-second slices with --quick).
            OverheadProbe.Result result = OverheadProbe.run(launch, settings.clients(), settings.quick() ? 8 : 20, 1,
                    settings.quick() ? 1 : 3, settings.quick() ? 6 : 20,
                    line -> log(line + ", load " + MachineInfo.loadAverage()));
            OverheadReport.record(results, result, loadBefore, MachineInfo.loadAverage());
            log(OverheadReport.summary(result));
        }

        private ServerSections servers() {
            return new ServerSections(settings, results, database);
        }

        private String schemaUrl(String name) {
            return new DatabaseBaselines(settings, results, database.orElseThrow()).schemaUrl(name);
        }

        /**
         * Opens idle streams on one in-memory server and measures the heap they hold (after full collections) at
         * 10,000 streams and at the full count, with the classes that grew most per stream: over sockets (as many
         * as the descriptor limit allows), then on a second server inside its own process (the full count).
         */
        private void idle(Launch launch) throws Exception {
            int wanted = settings.idleStreams();
            // The server and this driver each hold one descriptor per stream, and both inherit this limit.
            long descriptors = IdleLimits.maxFileDescriptors();
            int streams = (int) Math.min(wanted, descriptors - 2_000);
            if (streams < wanted) {
                results.note("idle streams: " + streams + " opened over sockets instead of " + wanted + ": only "
                        + descriptors + " file descriptors per process are allowed (`ulimit -Hn`; raising it needs "
                        + "root with CAP_SYS_RESOURCE); the in-process row opens all " + wanted);
            }
            int perConversation = 10;
            List<Integer> checkpoints = streams > 10_000 ? List.of(10_000, streams) : List.of(streams);
            Map<String, String> environment = Map.of("TURNS_MAX_CONNECTIONS", String.valueOf(streams + 1_000));
            try (ServerNode node = ServerNode.start("server-idle", launch, Optional.empty(), environment,
                    streams > 20_000 ? "4g" : "2g");
                    IdleStreams open = new IdleStreams(node.api().base(), ServerNode.TOKEN)) {
                List<String> conversations = FanOutProbe.conversations(node.api(), "echo",
                        Math.max(1, streams / perConversation));
                measureIdle(node, "idle", checkpoints, count -> open.openUntil(count, conversations));
            }
            // The same streams opened inside the server's process (the whole pipeline, no socket), so that the full
            // count opens whatever the descriptor limit; at the socket count the two rows should agree.
            List<Integer> inProcess = Stream.of(10_000, streams, wanted)
                    .filter(count -> count <= wanted).distinct().sorted().toList();
            try (ServerNode node = ServerNode.start("server-idle-in-process", launch, Optional.empty(),
                    Map.of("TURNS_MAX_CONNECTIONS", String.valueOf(wanted + 1_000)), wanted > 20_000 ? "4g" : "2g")) {
                Path ids = settings.logs().resolve("idle-in-process.conversations");
                Files.write(ids, FanOutProbe.conversations(node.api(), "echo", Math.max(1, wanted / perConversation)));
                measureIdle(node, "idle_in_process", inProcess, count -> node.openInProcessStreams(count, ids));
            }
        }

        /**
         * Heap after full collections with no stream, then at each checkpoint once {@code opener} has that many
         * open, ÷ the count: {@code <prefix>.bytes_per_stream.<count>}, with the classes that grew most per stream.
         */
        private void measureIdle(ServerNode node, String prefix, List<Integer> checkpoints, StreamOpener opener)
                throws Exception {
            long before = node.heapAfterGc();
            HeapHistogram histogramBefore = HeapHistogram.of(node.pid(), settings.logs().resolve(prefix + "-0.histo"));
            int previous = 0;
            for (int count : checkpoints) {
                long started = System.nanoTime();
                opener.openUntil(count);
                double openSeconds = (System.nanoTime() - started) / 1e9;
                Thread.sleep(2_000);
                long after = node.heapAfterGc();
                HeapHistogram histogram = HeapHistogram.of(node.pid(),
                        settings.logs().resolve(prefix + "-" + count + ".histo"));
                double perStream = (after - before) / (double) count;
                results.put(prefix + ".bytes_per_stream." + count, perStream);
                results.put(prefix + ".streams", count);
                results.put(prefix + ".heap_before", before);
                results.put(prefix + ".heap_after", after);
                results.put(prefix + ".bytes_per_stream", perStream);
                results.put(prefix + ".open_seconds", openSeconds);
                log(prefix + ": " + count + " open (" + openSeconds + " s for the last " + (count - previous)
                        + "), heap " + before + " -> " + after + " = " + Math.round(perStream)
                        + " B/stream; per stream: " + histogram.growthSince(histogramBefore, count, 12));
                previous = count;
            }
            if (settings.profile()) {
                node.dumpHeap(settings.logs().resolve(prefix + "-" + previous + ".hprof").toAbsolutePath());
            }
        }

        private static void log(String line) {
            BenchMain.log(line);
        }
    }

    /** Prints a figure as it is measured. */
    static void log(String line) {
        System.out.println("   " + line);
    }

    /** A section's body. */
    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    /** Opens idle streams until a count is open. */
    @FunctionalInterface
    private interface StreamOpener {
        void openUntil(int count) throws Exception;
    }
}
