package dev.turnengine.benchmarks.server;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.embedded.wiring.EngineConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server under test: the real {@link Server}, configured from the same {@code TURNS_*} variables, with the
 * clock agent added to its catalog and the bare baseline routes on its class path. It prints
 * {@code @ready <url>} once it listens, then obeys the orchestrator on standard input: {@code heap} prints the
 * heap in use after a full collection, {@code quit} (or end of input) stops it.
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
            System.out.println("@ready " + server.baseUri());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                switch (line.trim()) {
                    case "heap" -> System.out.println("@heap " + heapAfterGc());
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("@error unknown command " + line);
                }
                System.out.flush();
            }
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
