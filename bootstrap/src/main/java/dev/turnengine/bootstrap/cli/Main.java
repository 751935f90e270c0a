package dev.turnengine.bootstrap.cli;

import dev.turnengine.bootstrap.config.Setting;
import picocli.CommandLine;

/** Entry point of {@code turn-engine.jar}: serves the API, or manages tokens. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line with its subcommands, as the jar runs it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ServeCommand())
                .setExecutionExceptionHandler((error, line, parseResult) -> {
                    line.getErr().println("turn-engine: " + error.getMessage());
                    return 2;
                });
        commandLine.getCommandSpec().usageMessage().footer(environmentHelp());
        return commandLine;
    }

    private static String environmentHelp() {
        StringBuilder help = new StringBuilder("%nEnvironment:%n");
        for (Setting setting : Setting.values()) {
            String shown = setting.defaultValue().isEmpty() ? "unset" : setting.defaultValue();
            help.append(String.format("  %-30s %s (default: %s)%%n", setting.variable(), setting.meaning(), shown));
        }
        return help.toString();
    }
}
