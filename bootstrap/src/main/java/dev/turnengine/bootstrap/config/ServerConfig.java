package dev.turnengine.bootstrap.config;

import dev.turnengine.adapter.http.server.ConnectionLimits;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.LifecycleSettings;
import dev.turnengine.application.webhook.WebhookSettings;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.embedded.wiring.ConfigurationException;
import dev.turnengine.embedded.wiring.EngineConfig;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.turn.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's configuration, read from environment variables (see {@link Setting}). */
public record ServerConfig(
        String host, int port, Optional<String> databaseUrl, Optional<AccessToken> bootstrapToken,
        EngineConfig engine, ConnectionLimits connectionLimits, OperationsConfig operations) {

    /** A configuration with the default connection limits. */
    public ServerConfig(
            String host, int port, Optional<String> databaseUrl, Optional<AccessToken> bootstrapToken,
            EngineConfig engine) {
        this(host, port, databaseUrl, bootstrapToken, engine, ConnectionLimits.defaults());
    }

    /** A configuration with metrics on, text logs and no trace exporter. */
    public ServerConfig(
            String host, int port, Optional<String> databaseUrl, Optional<AccessToken> bootstrapToken,
            EngineConfig engine, ConnectionLimits connectionLimits) {
        this(host, port, databaseUrl, bootstrapToken, engine, connectionLimits, OperationsConfig.defaults());
    }

    /** Reads and checks every variable; a bad one throws with a one-line message naming it. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        Reader reader = new Reader(env);
        int port = reader.integer(Setting.HTTP_PORT, 0, 65_535);
        String host = reader.text(Setting.HTTP_HOST);
        Optional<String> databaseUrl = reader.optional(Setting.DATABASE_URL);
        reader.integer(Setting.DATABASE_POOL_SIZE, 2, 1_000); // read again by the storage; checked here with the rest
        reader.integer(Setting.TOKEN_CACHE_SECONDS, 0, 3_600);
        Optional<AccessToken> token = reader.optional(Setting.BOOTSTRAP_TOKEN).map(value -> AccessToken.parse(value)
                .orElseThrow(() -> new ConfigurationException(Setting.BOOTSTRAP_TOKEN.variable()
                        + " must be hq_pat_ followed by 16-200 letters, digits, '_' or '-'")));
        String agent = reader.text(Setting.AGENT);
        NodeId nodeId = reader.optional(Setting.NODE_ID).map(NodeId::new).orElseGet(() -> defaultNodeId(port));
        SubmitLimits limits = new SubmitLimits(
                reader.integer(Setting.MAX_TEXT_CHARS, 1, Integer.MAX_VALUE),
                reader.integer(Setting.MAX_ATTACHMENTS, 0, 10_000),
                reader.longInteger(Setting.MAX_ATTACHMENT_BYTES, 0, Long.MAX_VALUE),
                reader.longInteger(Setting.MAX_BODY_BYTES, 1, Integer.MAX_VALUE),
                reader.integer(Setting.MAX_IDENTITY_BYTES, 2, Integer.MAX_VALUE));
        ConnectionLimits connectionLimits = new ConnectionLimits(
                reader.integer(Setting.MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                reader.longInteger(Setting.MAX_PENDING_BODY_BYTES, 1, Long.MAX_VALUE),
                reader.duration(Setting.REQUEST_READ_TIMEOUT));
        if (connectionLimits.maxPendingBodyBytes() < limits.maxBodyBytes()) {
            throw new ConfigurationException(Setting.MAX_PENDING_BODY_BYTES.variable() + " must be at least "
                    + Setting.MAX_BODY_BYTES.variable() + " (" + limits.maxBodyBytes() + "), or no largest body fits");
        }
        EngineSettings settings = new EngineSettings(
                Duration.ofSeconds(reader.integer(Setting.TURN_TIMEOUT_SECONDS, 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(reader.integer(Setting.IDEMPOTENCY_TTL_SECONDS, 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(reader.integer(Setting.LEASE_SECONDS, 1, 3_600)),
                reader.integer(Setting.HISTORY_TURNS, 0, 10_000),
                Duration.ofSeconds(reader.integer(Setting.BROWSER_PRESENCE_SECONDS, 1, 86_400)),
                limits,
                nodeId,
                new ToolSettings(
                        reader.optional(Setting.TOOLS_REQUIRE_APPROVAL).map(ServerConfig::names).orElse(List.of()),
                        reader.duration(Setting.TOOL_TIMEOUT),
                        reader.duration(Setting.APPROVAL_TIMEOUT),
                        reader.integer(Setting.MAX_TOOL_STEPS, 1, 10_000)));
        Duration echoDelay = Duration.ofMillis(reader.integer(Setting.ECHO_DELAY_MS, 0, 60_000));
        long attachmentBudget = reader.longInteger(Setting.MAX_STORED_ATTACHMENT_BYTES, 0, Long.MAX_VALUE);
        LifecycleSettings lifecycle = LifecycleSettings.defaults()
                .withRetention(reader.optional(Setting.RETENTION).isPresent()
                        ? Optional.of(reader.duration(Setting.RETENTION)) : Optional.empty())
                .withWebhooks(WebhookSettings.defaults()
                        .withAllowPrivateTargets(reader.bool(Setting.WEBHOOK_ALLOW_PRIVATE)));
        EngineConfig engine = new EngineConfig(databaseUrl, agent, echoDelay, env, Map.of(), settings,
                attachmentBudget, lifecycle);
        return new ServerConfig(host, port, databaseUrl, token, engine, connectionLimits,
                OperationsConfig.fromEnvironment(env));
    }

    private static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** Stable across restarts on one host and port, so a restarted node finishes its own left-over turns at once. */
    private static NodeId defaultNodeId(int port) {
        if (port == 0) {
            return NodeId.random();
        }
        try {
            return new NodeId(InetAddress.getLocalHost().getHostName() + ":" + port);
        } catch (UnknownHostException e) {
            return NodeId.random();
        }
    }

    /** Reads variables with their defaults. */
    private record Reader(Map<String, String> env) {

        private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

        Optional<String> optional(Setting setting) {
            String value = env.get(setting.variable());
            if (value == null || value.isBlank()) {
                return setting.defaultValue().isEmpty() ? Optional.empty() : Optional.of(setting.defaultValue());
            }
            return Optional.of(value.trim());
        }

        String text(Setting setting) {
            return optional(setting).orElseThrow(() -> new ConfigurationException(setting.variable() + " is required"));
        }

        /** A positive duration written like {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h} or {@code 1d}. */
        Duration duration(Setting setting) {
            String value = text(setting);
            Matcher matcher = DURATION.matcher(value);
            try {
                if (matcher.matches()) {
                    long amount = Long.parseLong(matcher.group(1));
                    Duration duration = switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
                    if (amount > 0) {
                        return duration;
                    }
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // Reported below like any other bad value.
            }
            throw new ConfigurationException(setting.variable() + " must be a positive duration such as 500ms, 30s, "
                    + "10m, 2h or 1d, not '" + value + "'");
        }

        boolean bool(Setting setting) {
            String value = text(setting);
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigurationException(setting.variable() + " must be true or false, not '"
                        + value + "'");
            };
        }

        int integer(Setting setting, int min, int max) {
            return (int) longInteger(setting, min, max);
        }

        long longInteger(Setting setting, long min, long max) {
            String value = text(setting);
            try {
                long number = Long.parseLong(value);
                if (number < min || number > max) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new ConfigurationException(setting.variable() + " must be a whole number from " + min + " to "
                        + max + ", not '" + value + "'");
            }
        }
    }
}
