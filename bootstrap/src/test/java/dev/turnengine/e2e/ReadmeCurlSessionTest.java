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

/** Runs the README's curl session, as written, against a real server. */
class ReadmeCurlSessionTest {

    private static final String TOKEN = "hq_pat_readme_session_token_0123456789";

    @TempDir
    Path workDir;

    @Test
    void givenRunningServer_whenReadmeCurlSessionRuns_thenTurnIsAcceptedStreamedAndCompleted() throws Exception {
        try (Server server = Server.start(ServerConfig.fromEnvironment(Map.of(
                "TURNS_HTTP_PORT", "0", "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN)))) {
            String base = server.baseUri().toString().replaceAll("/$", "");
            String script = readmeSession()
                    .replace("export TURNS=http://localhost:8080 TOKEN=hq_pat_...",
                            "export TURNS=" + base + " TOKEN=" + TOKEN);

            Process bash = new ProcessBuilder("bash", "-c", "set -e\n" + script)
                    .directory(workDir.toFile()).redirectErrorStream(true).start();
            boolean exited = bash.waitFor(60, TimeUnit.SECONDS);
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(exited).as("the session finished; output so far:%n%s", output).isTrue();
            assertThat(bash.exitValue()).as(output).isZero();
            assertThat(output).contains("\"accepted\":true", "\"idempotent\":false", "\"stream_url\":\"/v1/api/");
            assertThat(output).contains("event: turn_accepted", "event: turn_started", "event: text_delta",
                    "event: final", "\"status\":\"completed\"", "\"text\":\"hello turn engine\"");
            assertThat(output.indexOf("event: final")).isGreaterThan(output.lastIndexOf("event: text_delta"));
            String live = Files.readString(workDir.resolve("live-events.txt"));
            assertThat(live).contains("event: turn_accepted", "event: final");
        }
    }

    /** The bash block between the README's curl-session markers. */
    private static String readmeSession() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("<!-- curl-session:start -->");
        int end = readme.indexOf("<!-- curl-session:end -->");
        assertThat(start).as("README has a curl session").isNotNegative();
        String block = readme.substring(start, end);
        return block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));
    }
}
