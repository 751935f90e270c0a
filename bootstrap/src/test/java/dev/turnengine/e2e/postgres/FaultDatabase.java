package dev.turnengine.e2e.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnengine.adapter.persistence.postgres.DatabaseUrl;
import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseFrame;
import dev.turnengine.testkit.net.TcpProxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own on the database named by {@code TURNS_TEST_DATABASE_URL} for one fault-test class
 * (skipped without one, failed under {@code CI=true}; see {@link PostgresTestDatabase}), the URLs server
 * processes use to reach it, and plain SQL to look at what they stored.
 */
final class FaultDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:]+|\\[[^]]+])(?::(\\d+))?/");

    private final PostgresTestDatabase database = new PostgresTestDatabase();

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        database.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        database.afterAll(context);
    }

    /** The URL a server process is given in {@code TURNS_DATABASE_URL}: this class's schema, with credentials. */
    String serverUrl() {
        return withCredentials(database.url().jdbcUrl());
    }

    /** Like {@link #serverUrl()}, but through the proxy, unencrypted so the proxy can tell connections apart. */
    String serverUrlVia(TcpProxy proxy) {
        Matcher matcher = HOST_PORT.matcher(database.url().jdbcUrl());
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected JDBC URL " + database.url());
        }
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                + database.url().jdbcUrl().substring(matcher.end());
        return withCredentials(proxied) + "&sslmode=disable";
    }

    /** The database server's host, as the test URL names it. */
    String host() {
        return hostPort().getHost();
    }

    /** The database server's port, as the test URL names it. */
    int port() {
        int port = hostPort().getPort();
        return port < 0 ? 5432 : port;
    }

    /** The conversation's journal as stored, in sequence order, in the shape a stream client sees. */
    List<SseFrame> journal(String conversationId) {
        List<SseFrame> events = new ArrayList<>();
        query("SELECT seq, type, turn_id, payload FROM " + table("journal") + " WHERE conversation_id = ? "
                + "ORDER BY seq", List.of(UUID.fromString(conversationId)), rows -> {
                    ObjectNode payload;
                    try {
                        payload = (ObjectNode) ApiClient.JSON.readTree(rows.getString("payload"));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                    payload.put("turn_id", rows.getObject("turn_id", UUID.class).toString());
                    events.add(SseFrame.event(rows.getLong("seq"), rows.getString("type"), payload.toString()));
                });
        return events;
    }

    /** The node holding the lease of a running turn; empty when the turn is not running. */
    Optional<String> leaseOwner(String turnId) {
        List<String> owners = new ArrayList<>();
        query("SELECT lease_owner FROM " + table("turns") + " WHERE turn_id = ? AND status = 'running'",
                List.of(UUID.fromString(turnId)), rows -> owners.add(rows.getString(1)));
        return owners.stream().findFirst();
    }

    /** The conversation's running turn and the node holding its lease, if one is running. */
    Optional<Map.Entry<String, String>> runningTurn(String conversationId) {
        List<Map.Entry<String, String>> running = new ArrayList<>();
        query("SELECT turn_id, lease_owner FROM " + table("turns") + " WHERE conversation_id = ? AND status = 'running'",
                List.of(UUID.fromString(conversationId)),
                rows -> running.add(Map.entry(rows.getObject(1, UUID.class).toString(), rows.getString(2))));
        return running.stream().findFirst();
    }

    /** How many turns the conversation has, whatever their status. */
    int turnCount(String conversationId) {
        int[] count = new int[1];
        query("SELECT count(*) FROM " + table("turns") + " WHERE conversation_id = ?",
                List.of(UUID.fromString(conversationId)), rows -> count[0] = rows.getInt(1));
        return count[0];
    }

    /** The turn an idempotency key of the conversation names, if any. */
    Optional<String> turnOfKey(String conversationId, String key) {
        List<String> turns = new ArrayList<>();
        query("SELECT turn_id FROM " + table("idempotency_keys") + " WHERE conversation_id = ? AND idempotency_key = ?",
                List.of(UUID.fromString(conversationId), key), rows -> turns.add(rows.getObject(1, UUID.class).toString()));
        return turns.stream().findFirst();
    }

    /** Turn ids, oldest first, whose row has no {@code turn_accepted} event in the journal (must be none). */
    List<String> turnsWithoutAcceptance(String conversationId) {
        List<String> turns = new ArrayList<>();
        query("SELECT t.turn_id FROM " + table("turns") + " t WHERE t.conversation_id = ? AND NOT EXISTS ("
                + "SELECT 1 FROM " + table("journal") + " j WHERE j.conversation_id = t.conversation_id "
                + "AND j.turn_id = t.turn_id AND j.type = 'turn_accepted' AND j.seq = t.accepted_seq) "
                + "ORDER BY t.accepted_seq", List.of(UUID.fromString(conversationId)),
                rows -> turns.add(rows.getObject(1, UUID.class).toString()));
        return turns;
    }

    /** Turns whose stored status disagrees with their journal: running or queued with a final, or ended without. */
    List<String> turnsDisagreeingWithJournal(String conversationId) {
        List<String> turns = new ArrayList<>();
        query("SELECT t.turn_id FROM " + table("turns") + " t WHERE t.conversation_id = ? AND "
                + "(t.status IN ('queued', 'running')) = EXISTS (SELECT 1 FROM " + table("journal") + " j "
                + "WHERE j.conversation_id = t.conversation_id AND j.turn_id = t.turn_id AND j.type = 'final')",
                List.of(UUID.fromString(conversationId)), rows -> turns.add(rows.getObject(1, UUID.class).toString()));
        return turns;
    }

    /** Overwrites a turn's stored message with JSON the engine cannot decode, as a damaged row would be. */
    void corruptMessage(String turnId) {
        Connection admin = database.admin();
        synchronized (admin) {
            try (PreparedStatement statement = admin.prepareStatement(
                    "UPDATE " + table("turns") + " SET message = '{\"not\":\"a message\"}'::json WHERE turn_id = ?")) {
                statement.setObject(1, UUID.fromString(turnId));
                if (statement.executeUpdate() != 1) {
                    throw new AssertionError("no turn " + turnId);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The size, in bytes, of a turn's stored message row (its JSON), attachments' bytes aside. */
    long messageBytes(String turnId) {
        long[] size = new long[1];
        query("SELECT octet_length(message::text) FROM " + table("turns") + " WHERE turn_id = ?",
                List.of(UUID.fromString(turnId)), rows -> size[0] = rows.getLong(1));
        return size[0];
    }

    private String table(String name) {
        return database.url().schema() + "." + name;
    }

    /** Reads one row. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, List<Object> parameters, RowReader reader) {
        Connection admin = database.admin();
        synchronized (admin) {
            try (PreparedStatement statement = admin.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("query failed: " + sql, e);
            }
        }
    }

    private URI hostPort() {
        return URI.create(database.url().jdbcUrl().substring("jdbc:".length()));
    }

    private String withCredentials(String jdbcUrl) {
        DatabaseUrl url = database.url();
        List<String> parameters = new ArrayList<>();
        url.user().ifPresent(user -> parameters.add("user=" + encode(user)));
        url.password().ifPresent(password -> parameters.add("password=" + encode(password)));
        if (parameters.isEmpty()) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + String.join("&", parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
