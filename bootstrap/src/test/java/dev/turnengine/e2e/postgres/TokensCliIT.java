package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code turn-engine.jar tokens create|revoke} manage tokens in the database a running server reads. */
class TokensCliIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    /** A finished command: its exit code and everything it printed. */
    private record Run(int exitCode, String output) {
    }

    @Test
    void givenTokenCreatedByCli_whenUsedAgainstServer_thenItAuthenticatesUntilRevokedByCli() {
        try (ServerProcess server = ServerProcess.node("tokens-node", DATABASE.serverUrl()).start()) {
            Run created = cli(List.of("tokens", "create", "--tenant", "acme"));
            assertThat(created.exitCode()).as(created.output()).isZero();
            List<String> tokens = created.output().lines().filter(line -> line.matches("hq_pat_[A-Za-z0-9_-]{16,}"))
                    .toList();
            assertThat(tokens).as("one token printed in: %s", created.output()).hasSize(1);
            String token = tokens.getFirst();

            ApiClient acme = new ApiClient(server.baseUri(), token);
            String conversation = acme.createConversation();
            assertThat(acme.post(conversation, "hello from acme", Optional.empty()).accepted()).isTrue();
            Reply otherTenant = server.client().send("GET", "/v1/api/conversations/" + conversation,
                    null, Optional.empty());
            assertThat(otherTenant.status()).as("tenant default cannot see acme's conversation").isEqualTo(404);

            Run revoked = cli(List.of("tokens", "revoke", token));
            assertThat(revoked.exitCode()).as(revoked.output()).isZero();
            assertThat(revoked.output()).contains("revoked");

            // A revocation made by another process reaches a node once its token memory lapses
            // (TURNS_TOKEN_CACHE_SECONDS, 5 s by default), not sooner: wait out that documented delay, no longer.
            Reply refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> acme.send("GET", "/v1/api/conversations/" + conversation, null, Optional.empty()),
                            reply -> reply.status() != 200);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("unauthorized");
            Run again = cli(List.of("tokens", "revoke", token));
            assertThat(again.exitCode()).as("revoking twice says nothing matched").isEqualTo(1);
        }
    }

    @Test
    void givenNoDatabaseUrl_whenTokensCreateRuns_thenItRefusesWithAMessage() {
        Run run = cli(List.of("tokens", "create", "--tenant", "acme"), Map.of());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("TURNS_DATABASE_URL");
    }

    private static Run cli(List<String> arguments) {
        return cli(arguments, Map.of("TURNS_DATABASE_URL", DATABASE.serverUrl()));
    }

    private static Run cli(List<String> arguments, Map<String, String> settings) {
        ProcessBuilder builder = new ProcessBuilder(ServerProcess.javaCommand(arguments)).redirectErrorStream(true);
        ServerProcess.inheritCleanEnvironment(builder.environment(), settings);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tokens command did not end: " + output);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
