package dev.turnengine.adapter.persistence.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the database is, parsed from either {@code postgresql://user:pass@host:port/db?param=value} (the
 * libpq form, also {@code postgres://}) or a {@code jdbc:postgresql:} URL.
 *
 * @param jdbcUrl the JDBC URL without credentials
 * @param schema the schema the engine's tables live in ({@code currentSchema} parameter; {@code public} by default)
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password, String schema) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DatabaseUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("the schema must be a plain lower-case identifier: " + schema);
        }
    }

    /**
     * A session of its own outside the pool, for a long-lived connection (the notification listener, the
     * notifier): named {@code applicationName} so other nodes can see it, with timeouts so a dead server is noticed.
     */
    Connection openSession(String applicationName) throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(name -> properties.setProperty("user", name));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Parses either form; the message of a refusal never repeats the password. */
    public static DatabaseUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return parseJdbc(trimmed);
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return parseUri(trimmed);
        }
        throw new IllegalArgumentException(
                "a database URL is postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database");
    }

    /** The same database with the engine's tables in {@code otherSchema}. */
    public DatabaseUrl withSchema(String otherSchema) {
        int query = jdbcUrl.indexOf('?');
        Map<String, String> parameters = query < 0
                ? new LinkedHashMap<>() : new LinkedHashMap<>(queryParameters(jdbcUrl.substring(query + 1)));
        parameters.put("currentSchema", otherSchema);
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return new DatabaseUrl(base + encodeQuery(parameters), user, password, otherSchema);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + (user.map(u -> " as " + u).orElse("")) + "]";
    }

    private static DatabaseUrl parseJdbc(String url) {
        int query = url.indexOf('?');
        Map<String, String> parameters = query < 0 ? Map.of() : queryParameters(url.substring(query + 1));
        String rest = url.substring("jdbc:postgresql:".length(), query < 0 ? url.length() : query);
        if (rest.isEmpty() || rest.equals("//")) {
            throw new IllegalArgumentException("the JDBC URL names no database");
        }
        Map<String, String> kept = new LinkedHashMap<>(parameters);
        Optional<String> user = Optional.ofNullable(kept.remove("user"));
        Optional<String> password = Optional.ofNullable(kept.remove("password"));
        String schema = kept.getOrDefault("currentSchema", "public");
        return new DatabaseUrl(
                "jdbc:postgresql:" + rest + encodeQuery(kept), user, password, schema);
    }

    private static DatabaseUrl parseUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL is malformed (" + e.getReason() + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the database URL names no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("the database URL must name exactly one database");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        Map<String, String> parameters = uri.getRawQuery() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(queryParameters(uri.getRawQuery()));
        String queryUser = parameters.remove("user");
        String queryPassword = parameters.remove("password");
        if (user.isEmpty()) {
            user = Optional.ofNullable(queryUser);
        }
        if (password.isEmpty()) {
            password = Optional.ofNullable(queryPassword);
        }
        String schema = parameters.getOrDefault("currentSchema", "public");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + hostPart + ":" + port + "/" + encode(database) + encodeQuery(parameters);
        return new DatabaseUrl(jdbc, user, password, schema);
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String encodeQuery(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? '?' : '&')
                .append(encode(name)).append('=').append(encode(value)));
        return query.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
