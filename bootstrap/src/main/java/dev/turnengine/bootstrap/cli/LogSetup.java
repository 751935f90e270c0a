package dev.turnengine.bootstrap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The server's logging: INFO and above on standard error, as plain text lines or, with
 * {@code TURNS_LOG_FORMAT=json}, as one JSON object per line (logback's JSON encoder) for log shippers. Libraries
 * that log through {@code java.util.logging} (PostgreSQL's driver, the OpenTelemetry SDK) come out the same way.
 */
public final class LogSetup {

    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LogSetup() {
    }

    /** Replaces whatever {@code context} had with one appender writing to {@code target}. */
    public static void configure(LoggerContext context, boolean json, OutputStream target) {
        configure(context, json, target, Level.INFO);
    }

    /** As {@link #configure(LoggerContext, boolean, OutputStream)}, at {@code level} (benchmarks log WARN). */
    public static void configure(LoggerContext context, boolean json, OutputStream target, Level level) {
        context.reset();
        if (context.getMDCAdapter() == null) {
            // SLF4J's provider gives its context one; a context made by hand (tests) needs its own.
            context.setMDCAdapter(new LogbackMDCAdapter());
        }
        routeJavaUtilLogging(context);
        Encoder<ILoggingEvent> encoder;
        if (json) {
            JsonEncoder jsonEncoder = new JsonEncoder();
            jsonEncoder.setWithSequenceNumber(false);
            jsonEncoder.setWithNanoseconds(false);
            jsonEncoder.setWithContext(false);
            encoder = jsonEncoder;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName(json ? "json" : "text");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(target);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
    }

    /**
     * Sends {@code java.util.logging} records to SLF4J instead of JUL's own two-line format on standard error (which
     * would break the one-JSON-object-per-line promise), with JUL's levels kept equal to logback's, so that a record
     * below them is dropped before it is made.
     */
    private static void routeJavaUtilLogging(LoggerContext context) {
        LevelChangePropagator levels = new LevelChangePropagator();
        levels.setContext(context);
        levels.setResetJUL(true);
        levels.start();
        context.addListener(levels);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
