package dev.turnengine.bootstrap.cli;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.bootstrap.config.Setting;
import dev.turnengine.embedded.wiring.Storages;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the HTTP server until SIGTERM or Ctrl-C; configured by environment variables. */
@Command(name = "turn-engine", mixinStandardHelpOptions = true, version = "turn-engine 0.1.0",
        description = "Serves the turn engine HTTP API (configured by the environment variables below).",
        subcommands = TokensCommand.class)
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
        Server server = Server.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("Turn engine listening on " + server.baseUri());
        out.println("Storage: " + Storages.describe(server.storage()) + "; agent: " + config.engine().defaultAgent()
                + "; node: " + config.engine().settings().nodeId().value());
        server.generatedToken().ifPresent(token -> out.println("Token for tenant 'default': " + token.secret()));
        if (config.bootstrapToken().isEmpty() && server.generatedToken().isEmpty()) {
            out.println("No token configured: create one with 'java -jar turn-engine.jar tokens create --tenant NAME'"
                    + " or set " + Setting.BOOTSTRAP_TOKEN.variable());
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
