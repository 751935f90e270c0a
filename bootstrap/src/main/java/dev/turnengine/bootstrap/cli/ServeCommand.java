package dev.turnengine.bootstrap.cli;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.MisspelledVariables;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.bootstrap.config.Setting;
import dev.turnengine.embedded.wiring.ConfigurationException;
import dev.turnengine.embedded.wiring.Storages;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Map;
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

    /** How to create a token with a JDK 21 or newer, from a checkout. */
    static final String CREATE_TOKEN = "bin/turns tokens create --tenant NAME";

    private final Map<String, String> env;

    @Spec
    private CommandSpec spec;

    ServeCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MisspelledVariables.warnings(env).forEach(warning -> err.println("turn-engine: warning: " + warning));
        err.flush();
        ServerConfig config = ServerConfig.fromEnvironment(env);
        Server server = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            int running = server.engine().runningTurns();
            out.println("Stopping: refusing new requests, ending open streams (clients resume elsewhere)");
            out.flush();
            server.close();
            out.println("Stopped; ended " + turns(running) + " as interrupted");
            out.flush();
            stopped.countDown();
        }));
        out.println("Turn engine listening on " + server.baseUri());
        out.println("Storage: " + Storages.describe(server.storage()) + "; agent: " + config.engine().defaultAgent()
                + "; node: " + config.engine().settings().nodeId().value());
        String base = server.baseUri().toString().replaceAll("/$", "");
        if (server.generatedToken().isPresent()) {
            out.println("Token for tenant 'default': " + server.generatedToken().get().secret());
            out.println("Try the API (README, \"A session with curl\") after pasting:");
            out.println("  export TURNS=" + base + " TOKEN=" + server.generatedToken().get().secret());
        } else if (config.bootstrapToken().isPresent()) {
            out.println("Try the API (README, \"A session with curl\") after pasting, with the token of "
                    + Setting.BOOTSTRAP_TOKEN.variable() + ":");
            out.println("  export TURNS=" + base + " TOKEN=\"$" + Setting.BOOTSTRAP_TOKEN.variable() + "\"");
        } else {
            out.println("No token configured: create one with '" + CREATE_TOKEN + "' (same "
                    + Setting.DATABASE_URL.variable() + ") or set " + Setting.BOOTSTRAP_TOKEN.variable() + ", then:");
            out.println("  export TURNS=" + base + " TOKEN=hq_pat_...");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /** Starts the server; a port in use is a configuration error that names the variable to change. */
    private static Server start(ServerConfig config) {
        try {
            return Server.start(config);
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new ConfigurationException("port " + config.port() + " on " + config.host() + " is in use "
                        + "(another server?); set " + Setting.HTTP_PORT.variable() + " to a free port, or 0 for any", e);
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String turns(int count) {
        return count + (count == 1 ? " running turn" : " running turns");
    }
}
