package dev.turnengine.bootstrap.config;

import dev.turnengine.embedded.wiring.ConfigurationException;
import java.util.Locale;
import java.util.Map;

/**
 * What operators get from the server: whether {@code GET /metrics} is served, the log line format, and the
 * environment the OpenTelemetry SDK reads its standard {@code OTEL_*} variables from.
 *
 * @param metrics whether meters are kept and served ({@code TURNS_METRICS})
 * @param jsonLogs one JSON object per log line rather than plain text ({@code TURNS_LOG_FORMAT})
 */
public record OperationsConfig(boolean metrics, boolean jsonLogs, Map<String, String> environment) {

    public OperationsConfig {
        environment = Map.copyOf(environment);
    }

    /** Metrics on, plain-text logs, no tracing exporter. */
    public static OperationsConfig defaults() {
        return new OperationsConfig(true, false, Map.of());
    }

    /** Reads {@code TURNS_METRICS} ({@code on}/{@code off}) and {@code TURNS_LOG_FORMAT} ({@code text}/{@code json}). */
    public static OperationsConfig fromEnvironment(Map<String, String> env) {
        return new OperationsConfig(isOn(env), isJson(env), env);
    }

    static boolean isOn(Map<String, String> env) {
        String value = value(env, Setting.METRICS);
        return switch (value) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new ConfigurationException(Setting.METRICS.variable() + " must be on or off, not '"
                    + value + "'");
        };
    }

    /** Whether the environment asks for JSON log lines; the logging set-up reads it before anything else. */
    public static boolean isJson(Map<String, String> env) {
        String value = value(env, Setting.LOG_FORMAT);
        return switch (value) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new ConfigurationException(Setting.LOG_FORMAT.variable() + " must be text or json, not '"
                    + value + "'");
        };
    }

    private static String value(Map<String, String> env, Setting setting) {
        String value = env.get(setting.variable());
        return (value == null || value.isBlank() ? setting.defaultValue() : value).trim().toLowerCase(Locale.ROOT);
    }
}
