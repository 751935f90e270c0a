package dev.turnengine.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnengine.bootstrap.config.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    @Test
    void givenHelpFlag_whenRun_thenEveryEnvironmentVariableIsListed() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));

        int exitCode = commandLine.execute("--help");

        assertThat(exitCode).isZero();
        for (Setting setting : Setting.values()) {
            assertThat(out.toString()).contains(setting.variable());
        }
        assertThat(out.toString()).contains("tokens");
    }

    @Test
    void givenHelpFlag_whenRun_thenEverySettingIsWrappedBesideItsNameAndNoLineIsTooWide() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));

        commandLine.execute("--help");

        String help = out.toString();
        List<String> environment = help.substring(help.indexOf("Environment:")).lines().toList();
        int width = commandLine.getCommandSpec().usageMessage().width();
        assertThat(environment).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(width));
        assertThat(environment).as("each line is a heading, blank, a setting or an indented continuation")
                .allSatisfy(line -> assertThat(line.isEmpty() || line.startsWith("  TURNS_")
                        || line.endsWith(":") || line.startsWith(" ".repeat(30))).as(line).isTrue());
        assertThat(environment.stream().filter(line -> line.startsWith(" ".repeat(30))))
                .as("long meanings wrap onto indented lines").isNotEmpty();
        assertThat(help).contains("TURNS_OPENAI_API_KEY", "TURNS_SYSTEM_PROMPT", "TURNS_MODEL_TIMEOUT_SECONDS");
    }

    @Test
    void givenTakenPortAndMisspelledVariable_whenServing_thenWarnsAndFailsInOneLineNamingThePortVariable()
            throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = Main.commandLine(Map.of(
                    "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_HTTP_PORT", Integer.toString(taken.getLocalPort()),
                    "TURNS_AGNET", "echo"));
            commandLine.setErr(new PrintWriter(err));

            int exitCode = commandLine.execute();

            assertThat(exitCode).isEqualTo(2);
            assertThat(err.toString().lines().toList()).containsExactly(
                    "turn-engine: warning: TURNS_AGNET is not a setting and is ignored; did you mean TURNS_AGENT?",
                    "turn-engine: port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another server?); "
                            + "set TURNS_HTTP_PORT to a free port, or 0 for any");
        }
    }

    @Test
    void givenTokensCommandWithoutDatabase_whenRun_thenFailsNamingTheVariable() {
        assumeTrue(System.getenv("TURNS_DATABASE_URL") == null, "TURNS_DATABASE_URL is set in this environment");
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("tokens", "create", "--tenant", "acme");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("TURNS_DATABASE_URL is required");
    }
}
