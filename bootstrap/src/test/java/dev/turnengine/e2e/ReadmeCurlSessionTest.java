package dev.turnengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's curl session and API example, as written, against a real server. */
class ReadmeCurlSessionTest {

    private static final String TOKEN = "hq_pat_readme_session_token_0123456789";

    @TempDir
    Path workDir;

    @Test
    void givenRunningServer_whenReadmeCurlSessionRuns_thenTurnIsAcceptedStreamedAndCompleted() throws Exception {
        try (Server server = Server.start(ServerConfig.fromEnvironment(Map.of(
                "TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN)))) {
            String base = server.baseUri().toString().replaceAll("/$", "");
            String script = readmeBlock("curl-session")
                    .replace("export TURNS=http://localhost:8080 TOKEN=hq_pat_...",
                            "export TURNS=" + base + " TOKEN=" + TOKEN);

            Run run = bash("set -e\n" + script + readmeBlock("api-example"));

            String output = run.output();
            assertThat(run.exitCode()).as(output).isZero();
            assertThat(output).contains("\"accepted\":true", "\"idempotent\":false", "\"stream_url\":\"/v1/api/");
            assertThat(output.split("\"accepted\":true", -1)).as("the session's and the example's message")
                    .hasSize(3);
            assertThat(output).contains("event: turn_accepted", "event: turn_started", "event: text_delta",
                    "event: final", "\"status\":\"completed\"", "\"text\":\"hello turn engine\"");
            assertThat(output.indexOf("event: final")).isGreaterThan(output.lastIndexOf("event: text_delta"));
            String live = Files.readString(workDir.resolve("live-events.txt"));
            assertThat(live).contains("event: turn_accepted", "event: final");
        }
    }

    @Test
    void givenPlaceholderToken_whenReadmeCurlSessionIsPasted_thenItStopsOnThe401() throws Exception {
        try (Server server = Server.start(ServerConfig.fromEnvironment(Map.of(
                "TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN)))) {
            String base = server.baseUri().toString().replaceAll("/$", "");
            String script = readmeBlock("curl-session").replace("http://localhost:8080", base);

            Run run = bash(script);

            assertThat(run.exitCode()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("error: 401", "no conversation: check TURNS and TOKEN")
                    .doesNotContain("Malformed", "\"accepted\"");
        }
    }

    private Run bash(String script) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", script)
                .directory(workDir.toFile()).redirectErrorStream(true).start();
        boolean exited = bash.waitFor(60, TimeUnit.SECONDS);
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the script finished; output so far:%n%s", output).isTrue();
        return new Run(bash.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }

    /** The bash block between the README's {@code <!-- name:start -->} and {@code <!-- name:end -->}. */
    private static String readmeBlock(String name) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("<!-- " + name + ":start -->");
        int end = readme.indexOf("<!-- " + name + ":end -->");
        assertThat(start).as("README has a block " + name).isNotNegative();
        String block = readme.substring(start, end);
        return block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));
    }
}
