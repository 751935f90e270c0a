package dev.turnengine.benchmarks.run;

import dev.turnengine.testkit.http.ApiClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One server under test in its own JVM, and a client of it. */
public final class ServerNode implements AutoCloseable {

    /** The bootstrap token every benchmark server registers for tenant {@code default}. */
    public static final String TOKEN = "hq_pat_benchmark_token_0123456789abcdef";
    private static final String MAIN = "dev.turnengine.benchmarks.server.BenchServer";

    private final ChildProcess process;
    private final ApiClient api;

    private ServerNode(ChildProcess process, ApiClient api) {
        this.process = process;
        this.api = api;
    }

    /** Starts a server on in-memory storage, or on the database when {@code databaseUrl} is present. */
    public static ServerNode start(String name, Launch launch, Optional<String> databaseUrl) throws Exception {
        return start(name, launch, databaseUrl, Map.of());
    }

    /** Starts a server as {@link #start(String, Launch, Optional)} does, with {@code extra} variables set too. */
    public static ServerNode start(String name, Launch launch, Optional<String> databaseUrl, Map<String, String> extra)
            throws Exception {
        return start(name, launch, databaseUrl, extra, "2g");
    }

    /** Starts a server as {@link #start(String, Launch, Optional, Map)} does, with at most {@code maxHeap} of heap. */
    public static ServerNode start(String name, Launch launch, Optional<String> databaseUrl, Map<String, String> extra,
            String maxHeap) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("TURNS_HTTP_PORT", "0");
        environment.put("TURNS_HTTP_HOST", "127.0.0.1");
        environment.put("TURNS_BOOTSTRAP_TOKEN", TOKEN);
        environment.put("TURNS_ECHO_DELAY_MS", "0");
        environment.put("TURNS_AGENT", "echo");
        databaseUrl.ifPresentOrElse(url -> environment.put("TURNS_DATABASE_URL", url),
                () -> environment.put("TURNS_DATABASE_URL", ""));
        environment.putAll(extra);
        List<String> jvm = new ArrayList<>(productJvmOptions());
        jvm.addAll(List.of("-Xmx" + maxHeap, "-Dturns.bench.bare-routes=true", "-Dturns.log.level=warn"));
        ChildProcess process = ChildProcess.start(name, launch, jvm, MAIN, List.of(), environment);
        try {
            URI uri = URI.create(process.awaitReply("@ready", 90));
            return new ServerNode(process, new ApiClient(uri, TOKEN));
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    public ApiClient api() {
        return api;
    }

    /** The server's process id, for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    /** Writes the server's live objects to {@code file} ({@code jcmd GC.heap_dump}), for a closer look. */
    public void dumpHeap(Path file) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), "GC.heap_dump", file.toString()).inheritIO().start();
        if (!jcmd.waitFor(300, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.heap_dump failed");
        }
    }

    /**
     * The JVM options {@code bin/turns} starts the server with on this JDK, as {@code bin/bench} passes them in
     * {@code TURNS_BENCH_SERVER_JVM_OPTIONS}: servers under test run as a user's would.
     */
    public static List<String> productJvmOptions() {
        String options = System.getenv().getOrDefault("TURNS_BENCH_SERVER_JVM_OPTIONS", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** Heap bytes in use after full collections. */
    public long heapAfterGc() throws Exception {
        process.send("heap");
        return Long.parseLong(process.awaitReply("@heap", 60));
    }

    /**
     * Opens idle streams inside the server's process until {@code count} are open, round robin over the conversation
     * ids in {@code conversations} (one per line); the server's descriptor limit does not bound them.
     */
    public void openInProcessStreams(int count, Path conversations) throws Exception {
        process.send("in-process-streams " + count + " " + conversations.toAbsolutePath());
        String reply = process.awaitReply("@in-process-streams", 600);
        if (!reply.equals(Integer.toString(count))) {
            throw new IllegalStateException("in-process streams: " + reply + " (wanted " + count + "); see its log");
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
