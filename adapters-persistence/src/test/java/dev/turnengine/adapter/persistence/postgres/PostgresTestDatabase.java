package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.port.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL schema of its own for one test class, on the database named by
 * {@code TURNS_TEST_DATABASE_URL}; dropped afterwards. Without a reachable database the class is skipped,
 * saying how to provide one, except under {@code CI=true}, where that is a failure.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback {

    public static final String URL_VARIABLE = "TURNS_TEST_DATABASE_URL";
    private static final String HOW_TO_RUN = "To run the PostgreSQL tests, start a server and point "
            + URL_VARIABLE + " at it; for example, as root: export $(.ci/postgres.sh | tail -1)";
    private static final String TABLES = "conversations, turns, attachments, journal, idempotency_keys, access_tokens, "
            + "webhooks, webhook_deliveries, browser_presence, tool_calls, browser_turns";

    private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();

    private final List<PostgresStorage> opened = new ArrayList<>();
    private DatabaseUrl url;
    private Connection admin;
    private PostgresStorage storage;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        String raw = System.getenv(URL_VARIABLE);
        if (raw == null || raw.isBlank()) {
            unavailable(URL_VARIABLE + " is not set");
        }
        DatabaseUrl base = DatabaseUrl.parse(raw);
        try {
            admin = connect(base);
        } catch (SQLException e) {
            unavailable("PostgreSQL at " + base + " is unreachable (" + e.getMessage() + ")");
        }
        url = base.withSchema("test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        storage = open();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        opened.forEach(PostgresStorage::close);
        opened.clear();
        if (admin != null) {
            if (url != null) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + url.schema() + " CASCADE");
                }
            }
            admin.close();
        }
    }

    /** The test class's schema, emptied, with the ports of its storage. */
    public Storage freshStorage() {
        try (Statement statement = admin.createStatement()) {
            statement.execute("TRUNCATE " + TABLES.replaceAll("(\\w+)", url.schema() + ".$1"));
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test schema", e);
        }
        return storage;
    }

    /** The storage the contract tests use. */
    public PostgresStorage storage() {
        return storage;
    }

    /** Another storage on the same schema, as a second node would have; closed with the class. */
    public PostgresStorage open() {
        PostgresStorage another = new PostgresStorage(url, Clock.systemUTC());
        opened.add(another);
        return another;
    }

    /** Closes a storage this fixture opened, as a process stopping would. */
    public void close(PostgresStorage node) {
        node.close();
        opened.remove(node);
    }

    /** The URL of the test class's schema. */
    public DatabaseUrl url() {
        return url;
    }

    /** A plain connection on the test schema's database, for looking behind the adapter's back. */
    public Connection admin() {
        return admin;
    }

    /** A new plain connection on the test schema's database, for a second session; the caller closes it. */
    public Connection newConnection() throws SQLException {
        return connect(url);
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        url.user().ifPresent(user -> properties.setProperty("user", user));
        url.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason + ": under CI the PostgreSQL tests must run. " + HOW_TO_RUN);
        }
        String message = reason + "; skipping the PostgreSQL tests. " + HOW_TO_RUN;
        if (SKIP_LOGGED.compareAndSet(false, true)) {
            System.getLogger(PostgresTestDatabase.class.getName()).log(System.Logger.Level.WARNING, message);
        }
        Assumptions.abort(message);
    }
}
