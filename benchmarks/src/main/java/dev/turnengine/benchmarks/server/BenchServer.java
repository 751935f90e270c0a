package dev.turnengine.benchmarks.server;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.embedded.wiring.EngineConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server under test: the real {@link Server}, configured from the same {@code TURNS_*} variables, with the
 * clock agent added to its catalog and the bare baseline routes on its class path. It prints
 * {@code @ready <url>} once it listens, then obeys the orchestrator on standard input: {@code heap} prints the
 * heap in use after a full collection, {@code in-process-streams N FILE} opens idle streams in this process
 * ({@link InProcessStreams}) until N are open, round robin over the conversation ids in FILE (one per line),
 * {@code quit} (or end of input) stops it.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig base = ServerConfig.fromEnvironment(System.getenv());
        EngineConfig engine = base.engine();
        ServerConfig config = new ServerConfig(base.host(), base.port(), base.databaseUrl(), base.bootstrapToken(),
                new EngineConfig(engine.databaseUrl(), engine.defaultAgent(), engine.echoDelay(), engine.environment(),
                        Map.of(ClockAgentRunner.NAME, new ClockAgentRunner()), engine.settings()),
                base.connectionLimits(), base.operations());
        try (Server server = Server.start(config)) {
            InProcessStreams streams = new InProcessStreams(server, base.bootstrapToken().orElseThrow().secret());
            System.out.println("@ready " + server.baseUri());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try {
                for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                    String[] words = line.trim().split(" ");
                    switch (words[0]) {
                        case "heap" -> System.out.println("@heap " + heapAfterGc());
                        case "in-process-streams" -> System.out.println("@in-process-streams " + openStreams(streams,
                                Integer.parseInt(words[1]), Path.of(words[2])));
                        case "quit" -> {
                            return;
                        }
                        default -> System.out.println("@error unknown command " + line);
                    }
                    System.out.flush();
                }
            } finally {
                streams.closeAll();
            }
        }
    }

    /** The number of streams open once {@code count} are, or {@code error <why>}. */
    private static String openStreams(InProcessStreams streams, int count, Path conversations) {
        try {
            return Integer.toString(streams.openUntil(count, Files.readAllLines(conversations)));
        } catch (Exception e) {
            e.printStackTrace();
            return "error " + e;
        }
    }

    /** Heap bytes in use once garbage is collected (several full collections, so finalised objects go too). */
    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
