package dev.turnengine.bootstrap.cli;

import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code turn-engine.jar}: serves the API, or manages tokens. */
public final class Main {

    private Main() {
    }

    /** The Netty server's logger, which would report a taken port a second time, as a log line. */
    private static final String SERVER_LOG_LEVEL =
            "org.slf4j.simpleLogger.log.io.micronaut.http.server.netty.NettyHttpServer";

    public static void main(String[] args) {
        if (System.getProperty(SERVER_LOG_LEVEL) == null) {
            // Start-up failures reach the command as exceptions and are printed as one line there.
            System.setProperty(SERVER_LOG_LEVEL, "off");
        }
        int exitCode = commandLine().execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line with its subcommands, as the jar runs it. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line, serving with the settings in {@code env} instead of the process environment. */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new ServeCommand(env))
                .setExecutionExceptionHandler((error, line, parseResult) -> {
                    line.getErr().println("turn-engine: " + error.getMessage());
                    return 2;
                });
        int width = commandLine.getCommandSpec().usageMessage().width();
        commandLine.getCommandSpec().usageMessage().footer(EnvironmentHelp.lines(width).stream()
                .map(line -> line.replace("%", "%%"))
                .toArray(String[]::new));
        return commandLine;
    }
}
