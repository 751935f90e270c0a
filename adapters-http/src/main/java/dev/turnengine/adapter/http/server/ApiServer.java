package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.sse.SseConnectionRegistry;
import dev.turnengine.adapter.http.sse.SseSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.port.in.AnswerToolCallUseCase;
import dev.turnengine.application.port.in.AuthenticateUseCase;
import dev.turnengine.application.port.in.BrowserPresenceUseCase;
import dev.turnengine.application.port.in.CheckHealthUseCase;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.DeleteConversationUseCase;
import dev.turnengine.application.port.in.ListConversationsUseCase;
import dev.turnengine.application.port.in.ManageWebhookUseCase;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.application.port.in.QueryTurnsUseCase;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.adapter.http.ops.MetricsText;
import dev.turnengine.domain.port.EngineMetrics;
import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.OpenTelemetry;
import io.micronaut.http.server.netty.NettyHttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.net.URI;
import dev.turnengine.domain.event.JournalEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP API of a {@link TurnEngine}, served by Micronaut on Netty: start it with an engine, read the
 * address it listens on, close it to stop (open event streams end cleanly, requests in flight finish).
 */
public final class ApiServer implements AutoCloseable {

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final URI baseUri;

    private ApiServer(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
        this.baseUri = URI.create("http://" + hostForUri(server.getHost()) + ":" + server.getPort());
    }

    /** Serves {@code engine}'s use cases as configured; returns once the server listens. */
    public static ApiServer start(TurnEngine engine, HttpSettings settings) {
        return start(engine, settings, HttpTelemetry.none());
    }

    /** Serves {@code engine}'s use cases, with {@code telemetry}'s metrics route and request spans. */
    public static ApiServer start(TurnEngine engine, HttpSettings settings, HttpTelemetry telemetry) {
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(settings, "settings");
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(properties(settings, engine.settings().limits()))
                .build();
        context.registerSingleton(CreateConversationUseCase.class, engine.createConversation());
        context.registerSingleton(GetConversationUseCase.class, engine.getConversation());
        context.registerSingleton(SubmitMessageUseCase.class, engine.submitMessage());
        context.registerSingleton(StreamEventsUseCase.class, engine.streamEvents());
        context.registerSingleton(InterruptTurnUseCase.class, engine.interruptTurn());
        context.registerSingleton(QueryTurnsUseCase.class, engine.queryTurns());
        context.registerSingleton(BrowserPresenceUseCase.class, engine.browserPresence());
        context.registerSingleton(AuthenticateUseCase.class, engine.authenticate());
        context.registerSingleton(CheckHealthUseCase.class, engine.checkHealth());
        context.registerSingleton(ListConversationsUseCase.class, engine.listConversations());
        context.registerSingleton(DeleteConversationUseCase.class, engine.deleteConversation());
        context.registerSingleton(ManageWebhookUseCase.class, engine.manageWebhook());
        context.registerSingleton(AnswerToolCallUseCase.class, engine.answerToolCall());
        context.registerSingleton(SseSettings.class, settings.sse());
        context.registerSingleton(EngineMetrics.class, telemetry.metrics());
        context.registerSingleton(OpenTelemetry.class, telemetry.openTelemetry());
        telemetry.prometheus().ifPresent(scrape -> context.registerSingleton(MetricsText.class, new MetricsText(scrape)));
        context.registerSingleton(ConnectionLimits.class, settings.connectionLimits());
        try {
            context.start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return new ApiServer(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Where the server listens, for example {@code http://127.0.0.1:8080}; API paths start with {@code /v1/api}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Every route served, as {@code METHOD /path/{template}}: what the OpenAPI document must describe. */
    public List<String> routes() {
        return context.getBean(Router.class).uriRoutes()
                .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString())
                .distinct().sorted().toList();
    }

    /**
     * A new connection to this server without a socket ({@link InProcessConnection}): the same pipeline and limits
     * as a connection accepted from the network, but no file descriptor.
     */
    public InProcessConnection connectInProcess() {
        if (!(server instanceof NettyHttpServer netty) || !server.isRunning()) {
            throw new IllegalStateException("the server is not running on Netty");
        }
        return new InProcessConnection(netty.buildEmbeddedChannel(false));
    }

    /** Open event streams right now; each costs a connection and a little memory, no thread. */
    public int openStreams() {
        return context.getBean(SseConnectionRegistry.class).count();
    }

    /** Open connections right now; beyond {@link ConnectionLimits#maxConnections()} new ones are closed at once. */
    public int openConnections() {
        return context.getBean(ConnectionGuard.class).openConnections();
    }

    /** Bytes of request bodies being received right now, at most {@link ConnectionLimits#maxPendingBodyBytes()}. */
    public long pendingBodyBytes() {
        return context.getBean(ConnectionGuard.class).pendingBodyBytes();
    }

    /**
     * The first step of a shutdown: new API requests are refused ({@code 503 shutting_down}) while open
     * event streams stay open, so that they can still receive the {@code final} events of the turns the
     * shutdown is about to end.
     */
    public void stopAccepting() {
        if (context.isRunning()) {
            context.getBean(DrainingFilter.class).drain();
        }
    }

    /**
     * Stops accepting connections, ends open event streams cleanly (their clients reconnect elsewhere with
     * their last event id), lets requests in flight finish within the shutdown grace, then stops.
     */
    @Override
    public void close() {
        close(List.of());
    }

    /**
     * Like {@link #close()}, but each open stream first delivers those of {@code finals} it shows (the turns
     * a shutdown just ended), then ends; a stream that cannot deliver them within the shutdown grace ends
     * anyway, and its client resumes with {@code Last-Event-ID}.
     */
    public void close(List<JournalEvent> finals) {
        if (context.isRunning()) {
            context.getBean(SseConnectionRegistry.class).deliverBeforeShutdown(finals);
            // Closing the context runs the graceful shutdown (streams end, requests finish), then stops the server.
            context.close();
        }
    }

    private static Map<String, Object> properties(HttpSettings settings, SubmitLimits limits) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.host", settings.host());
        // Micronaut reads -1, not 0, as "any free port".
        properties.put("micronaut.server.port", settings.port() == 0 ? -1 : settings.port());
        properties.put("micronaut.server.max-request-size", limits.maxBodyBytes());
        // Bodies are read whole; the buffer must take as much as the size limit lets in (default 10 MiB).
        properties.put("micronaut.server.max-request-buffer-size", limits.maxBodyBytes());
        // Longer headers and request lines reach the RequestReadGuard as decoder failures: 431 and 414.
        properties.put("micronaut.server.netty.max-header-size", RequestReadGuard.MAX_HEADER_BYTES);
        properties.put("micronaut.server.netty.max-initial-line-length", RequestReadGuard.MAX_URI_LENGTH + 64);
        properties.put("micronaut.server.date-header", true);
        // Only the all-idle timeout (5 minutes) closes a connection; the reader and writer idle timers fire events
        // nothing handles, and held two scheduled tasks per connection (per open event stream) for nothing.
        properties.put("micronaut.server.read-idle-timeout", "0s");
        properties.put("micronaut.server.write-idle-timeout", "0s");
        properties.put("micronaut.lifecycle.graceful-shutdown.enabled", true);
        properties.put("micronaut.lifecycle.graceful-shutdown.grace-period", settings.shutdownGrace().toMillis() + "ms");
        properties.put("micronaut.server.netty.worker.shutdown-quiet-period", "0ms");
        properties.put("micronaut.server.netty.parent.shutdown-quiet-period", "0ms");
        properties.put("micronaut.netty.event-loops.default.shutdown-quiet-period", "0ms");
        properties.put("jackson.property-naming-strategy", "SNAKE_CASE");
        properties.put("jackson.serialization-inclusion", "ALWAYS");
        return properties;
    }

    private static String hostForUri(String host) {
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
