package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.turn.TurnStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusSqlTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Test
    void givenEveryTurnStatus_whenSpelledForSql_thenTheSchemaAcceptsItAndItParsesBack() throws SQLException {
        String checks;
        try (Statement statement = DATABASE.admin().createStatement();
                ResultSet rows = statement.executeQuery("SELECT string_agg(pg_get_constraintdef(c.oid), ' ') "
                        + "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                        + "WHERE c.conrelid = (n.nspname || '.turns')::regclass AND c.contype = 'c' "
                        + "AND n.nspname = '" + DATABASE.url().schema() + "'")) {
            rows.next();
            checks = rows.getString(1);
        }

        for (TurnStatus status : TurnStatus.values()) {
            assertThat(checks).contains("'" + StatusSql.text(status) + "'");
            assertThat(StatusSql.parse(StatusSql.text(status))).isEqualTo(status);
        }
        assertThat(StatusSql.ACTIVE).isEqualTo("('queued', 'running')");
    }
}
