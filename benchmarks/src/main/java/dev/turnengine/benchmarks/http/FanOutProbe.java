package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.run.ProcessCpu;
import dev.turnengine.benchmarks.server.ClockAgentRunner;
import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out: {@link #busy} has the clock agent stream timestamped deltas into a set of conversations, each watched by
 * several streams, and measures how long each delta took from being produced to reaching each watcher, and the CPU
 * time the servers, this driver and the database spent meanwhile.
 */
public final class FanOutProbe {

    /**
     * Delivery latencies, those of them to a watcher on another node than the one running the turn (none with one
     * node), the deltas delivered and expected (every watcher, every delta produced in the window), and the
     * streams that failed to open.
     */
    public record Result(LatencySamples latency, LatencySamples otherNode, long delivered, long expected,
            long failedStreams, long cutStreams, Cpu cpu) {

        /** The share of expected deliveries that arrived. */
        public double completeness() {
            return expected == 0 ? 0 : (double) delivered / expected;
        }
    }

    /**
     * CPU time spent over the window: by the servers, by this driver (which shares the machine's cores with them),
     * and by the database's processes on this machine (empty in memory, or when they are not visible).
     */
    public record Cpu(long serversNanos, long driverNanos, OptionalLong databaseNanos) {

        static Cpu read(List<Long> serverPids, boolean database) {
            return new Cpu(ProcessCpu.nanos(serverPids), ProcessCpu.nanos(List.of(ProcessHandle.current().pid())),
                    database ? ProcessCpu.databaseNanos() : OptionalLong.empty());
        }

        Cpu since(Cpu start) {
            OptionalLong db = databaseNanos.isPresent() && start.databaseNanos.isPresent()
                    ? OptionalLong.of(databaseNanos.getAsLong() - start.databaseNanos.getAsLong())
                    : OptionalLong.empty();
            return new Cpu(serversNanos - start.serversNanos, driverNanos - start.driverNanos, db);
        }
    }

    /** How long stragglers may take after the window before they count as lost. */
    private static final long GRACE_MILLIS = 15_000;

    private FanOutProbe() {
    }

    /** Creates {@code conversations} conversations (echo agent) on the node, returning their ids. */
    public static List<String> conversations(ApiClient api, String agent, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(api.createConversation(agent));
        }
        return ids;
    }

    /**
     * Runs {@code conversations} clock-agent turns, each producing a delta every {@code intervalMillis}, watched by
     * {@code watchersPerConversation} streams spread over the nodes, for warm-up plus measurement; reads the CPU time
     * of the servers {@code serverPids} (and of the database's processes when {@code database}) over the window.
     */
    public static Result busy(List<ApiClient> nodes, List<Long> serverPids, boolean database, int conversations,
            int watchersPerConversation, long intervalMillis, double warmupSeconds, double seconds)
            throws Exception {
        LatencySamples latency = new LatencySamples();
        LatencySamples otherNode = new LatencySamples();
        LongAdder delivered = new LongAdder();
        LongAdder failed = new LongAdder();
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            ids.add(nodes.get(c % nodes.size()).createConversation(ClockAgentRunner.NAME));
        }
        // Turns outlast the window by far, so that every conversation produces through all of it.
        long durationMillis = (long) ((warmupSeconds + seconds) * 1000) + 20_000;
        // The window opens once every turn runs: [from, until) in epoch microseconds of production.
        AtomicLongArray window = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
        List<SseClient> streams = new ArrayList<>();
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        int index = 0;
        // In-window deltas each watcher received; a conversation produced as many as its best-served watcher saw.
        List<List<LongAdder>> received = new ArrayList<>();
        for (int c = 0; c < ids.size(); c++) {
            String id = ids.get(c);
            int runsOn = c % nodes.size(); // the node the turn is posted to runs it
            List<LongAdder> watchers = new ArrayList<>();
            received.add(watchers);
            for (int w = 0; w < watchersPerConversation; w++) {
                int node = index++ % nodes.size();
                boolean elsewhere = node != runsOn;
                ApiClient watcher = nodes.get(node);
                LongAdder mine = new LongAdder();
                watchers.add(mine);
                SseClient stream = SseClient.listen(watcher, ApiClient.streamOf(id), frame -> {
                    if (!frame.type().equals("text_delta")) {
                        return;
                    }
                    long now = ClockAgentRunner.epochMicros();
                    String delta = SseFrame.field(frame.data(), "delta");
                    if (delta == null) {
                        return;
                    }
                    // On PostgreSQL ticks that came while the previous one was being written arrive as one delta.
                    for (String tick : delta.strip().split("\\s+")) {
                        long produced = Long.parseLong(tick);
                        if (produced >= window.get(0) && produced < window.get(1)) {
                            delivered.increment();
                            mine.increment();
                            latency.add((now - produced) * 1_000L);
                            if (elsewhere) {
                                otherNode.add((now - produced) * 1_000L);
                            }
                        }
                    }
                });
                streams.add(stream);
                opened.add(stream.opened().exceptionally(error -> {
                    failed.increment();
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (int c = 0; c < ids.size(); c++) {
            ApiClient poster = nodes.get(c % nodes.size());
            HttpResponse<Void> response = poster.http().send(poster.message(ids.get(c),
                    "clock " + intervalMillis + " " + durationMillis), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the clock turn was not accepted: " + response.statusCode());
            }
        }
        long measureFromMicros = ClockAgentRunner.epochMicros() + (long) (warmupSeconds * 1e6);
        window.set(1, measureFromMicros + (long) (seconds * 1e6));
        window.set(0, measureFromMicros);
        sleepUntil(measureFromMicros);
        Cpu start = Cpu.read(serverPids, database);
        sleepUntil(window.get(1));
        Cpu cpu = Cpu.read(serverPids, database).since(start);
        Thread.sleep(500);
        long graceUntil = System.nanoTime() + GRACE_MILLIS * 1_000_000L;
        long lastCount = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < graceUntil) {
            Thread.sleep(250);
            long count = delivered.sum();
            if (count != lastCount) {
                lastCount = count;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 2_000_000_000L) {
                break; // nothing arrived for 2 s: every straggler is in
            }
        }
        long cut = streams.stream().filter(SseClient::wasCut).count();
        streams.forEach(SseClient::close);
        long expected = 0;
        for (List<LongAdder> watchers : received) {
            expected += watchers.stream().mapToLong(LongAdder::sum).max().orElse(0) * watchers.size();
        }
        return new Result(latency, otherNode, delivered.sum(), expected, failed.sum(), cut, cpu);
    }

    private static void sleepUntil(long epochMicros) throws InterruptedException {
        Thread.sleep(Math.max(0, (epochMicros - ClockAgentRunner.epochMicros()) / 1000));
    }
}
