package dev.turnengine.bootstrap.cli;

import dev.turnengine.application.service.TokenService;
import dev.turnengine.bootstrap.config.Setting;
import dev.turnengine.embedded.wiring.ConfigurationException;
import dev.turnengine.embedded.wiring.Storages;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates and revokes personal access tokens in the database named by TURNS_DATABASE_URL. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Creates and revokes access tokens in the database named by TURNS_DATABASE_URL.",
        subcommands = {TokensCommand.Create.class, TokensCommand.Revoke.class})
public final class TokensCommand {

    private TokensCommand() {
    }

    static Storage database() {
        String url = System.getenv(Setting.DATABASE_URL.variable());
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(Setting.DATABASE_URL.variable()
                    + " is required: tokens live in the database (in memory they would vanish with this command)");
        }
        return Storages.open(Optional.of(url.trim()));
    }

    /** Prints a new token for a tenant; only its hash is stored. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it once.")
    static final class Create implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--tenant", required = true, description = "the tenant the token acts for")
        private String tenant;

        @Override
        public Integer call() {
            TenantId tenantId = new TenantId(tenant);
            try (Storage storage = database()) {
                AccessToken token = new TokenService(storage.tokens()).issue(tenantId);
                spec.commandLine().getOut().println(token.secret());
            }
            return 0;
        }
    }

    /** Revokes a token; requests with it are refused from then on. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "TOKEN", description = "the hq_pat_... token to revoke")
        private String token;

        @Override
        public Integer call() {
            AccessToken parsed = AccessToken.parse(token)
                    .orElseThrow(() -> new ConfigurationException("that is not an hq_pat_... token"));
            try (Storage storage = database()) {
                boolean revoked = new TokenService(storage.tokens()).revoke(parsed);
                spec.commandLine().getOut().println(revoked ? "revoked" : "no active token matched");
                return revoked ? 0 : 1;
            }
        }
    }
}
