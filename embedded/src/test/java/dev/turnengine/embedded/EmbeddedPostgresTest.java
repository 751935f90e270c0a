package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedding artifact alone (no server, no HTTP) runs turns on PostgreSQL. */
class EmbeddedPostgresTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Test
    void givenPostgres_whenCallerAskedAgainAndATurnRuns_thenOneTokenRowAndTheTurnCompletes() throws Exception {
        try (EmbeddedTurnEngine turns = EmbeddedTurnEngine.builder().postgres(url()).build()) {
            Caller caller = turns.caller(new TenantId("acme"));
            turns.caller(new TenantId("acme"));
            turns.caller(new TenantId("acme"));
            ConversationId conversation = turns.createConversation(caller);
            Turn turn = turns.submit(caller, conversation, "stored in postgres");
            TurnFinal ending = turns.awaitFinal(caller, conversation, turn, Duration.ofSeconds(10));

            assertThat(ending.status()).isEqualTo(FinalStatus.COMPLETED);
            assertThat(ending.text()).isEqualTo("stored in postgres");
            assertThat(tokenRows()).isEqualTo(1);
        }
    }

    private static String url() {
        StringBuilder url = new StringBuilder(DATABASE.url().jdbcUrl());
        DATABASE.url().user().ifPresent(user -> url.append("&user=").append(encode(user)));
        DATABASE.url().password().ifPresent(password -> url.append("&password=").append(encode(password)));
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long tokenRows() throws SQLException {
        try (Statement statement = DATABASE.admin().createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM " + DATABASE.url().schema() + ".access_tokens")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
