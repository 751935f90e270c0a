package dev.turnengine.benchmarks.journal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A database URL as the server takes it ({@code postgresql://user:pass@host:port/db} or {@code jdbc:postgresql:}),
 * opened with plain JDBC for the raw baselines and the row counts.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    /** Parses either form. */
    public static PostgresUrl parse(String url) {
        if (url.startsWith("jdbc:")) {
            return new PostgresUrl(url, null, null);
        }
        URI uri = URI.create(url);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user,
                password);
    }

    /** The same URL in the libpq form, with the engine's tables in {@code schema}. */
    public static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A new connection with batched inserts rewritten into multi-row statements, as the engine's pool does. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "turn-engine-bench");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
