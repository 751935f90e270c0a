package dev.turnengine.bootstrap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Logback's set-up when the server starts, found through the service loader: text or JSON lines as
 * {@code TURNS_LOG_FORMAT} says (an unknown value logs text; the configuration check reports it).
 */
public final class EnvironmentLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getenv("TURNS_LOG_FORMAT");
        boolean json = format != null && format.trim().toLowerCase(Locale.ROOT).equals("json");
        // Load tools turn the per-turn lines off: -Dturns.log.level=warn.
        LogSetup.configure(context, json, System.err, Level.toLevel(System.getProperty("turns.log.level"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
