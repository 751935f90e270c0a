package dev.turnengine.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnengine.bootstrap.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
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
