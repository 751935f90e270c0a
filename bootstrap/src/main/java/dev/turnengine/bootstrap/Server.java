package dev.turnengine.bootstrap;

import dev.turnengine.adapter.agent.mcp.McpConfigurationException;
import dev.turnengine.adapter.agent.mcp.McpServers;
import dev.turnengine.adapter.agent.mcp.McpTools;
import dev.turnengine.adapter.http.server.ApiServer;
import dev.turnengine.adapter.http.server.HttpSettings;
import dev.turnengine.adapter.http.server.InProcessConnection;
import dev.turnengine.adapter.telemetry.tracing.Tracing;
import dev.turnengine.adapter.http.webhook.JdkWebhookSender;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.embedded.wiring.ConfigurationException;
import dev.turnengine.embedded.wiring.EngineComponent;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The whole server: engine, storage and HTTP API, started from a configuration and closed in order. */
public final class Server implements AutoCloseable {

    private final EngineComponent component;
    private final ApiServer api;
    private final Optional<AccessToken> generatedToken;
    private final McpTools mcp;
    private final Telemetry telemetry;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Server(EngineComponent component, ApiServer api, Optional<AccessToken> generatedToken, McpTools mcp,
            Telemetry telemetry) {
        this.component = component;
        this.api = api;
        this.generatedToken = generatedToken;
        this.mcp = mcp;
        this.telemetry = telemetry;
    }

    /**
     * Builds the engine, registers the bootstrap token (or, in memory without one, generates a token for
     * tenant {@code default}) and starts listening.
     */
    public static Server start(ServerConfig config) {
        Tracing tracing;
        try {
            tracing = Tracing.fromEnvironment(config.operations().environment());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        return start(config, tracing);
    }

    /** Starts as {@link #start(ServerConfig)} does, tracing with {@code tracing}. */
    public static Server start(ServerConfig config, Tracing tracing) {
        McpTools mcp = connectMcp(config);
        Telemetry telemetry;
        EngineComponent component;
        try {
            telemetry = Telemetry.open(config.operations(), tracing);
        } catch (RuntimeException e) {
            mcp.close();
            throw e;
        }
        try {
            component = EngineComponent.build(
                    telemetry.configure(config.engine().withServerTools(List.of(mcp))), Clock.systemUTC());
        } catch (RuntimeException e) {
            telemetry.close();
            mcp.close();
            throw e;
        }
        TurnEngine engine = component.engine();
        try {
            telemetry.bindStorage(component.storage());
            Optional<AccessToken> generated = Optional.empty();
            if (config.bootstrapToken().isPresent()) {
                engine.manageTokens().register(config.bootstrapToken().get(), TenantId.defaultTenant());
            } else if (!component.storage().isDurable()) {
                generated = Optional.of(engine.manageTokens().issue(TenantId.defaultTenant()));
            }
            engine.deliverWebhooks(new JdkWebhookSender());
            ApiServer api = ApiServer.start(engine,
                    HttpSettings.defaults().withHost(config.host()).withPort(config.port())
                            .withConnectionLimits(config.connectionLimits()), telemetry.http());
            return new Server(component, api, generated, mcp, telemetry);
        } catch (RuntimeException e) {
            engine.close();
            component.storage().close();
            telemetry.close();
            mcp.close();
            throw e;
        }
    }

    /** The MCP servers of TURNS_MCP_SERVERS, connected and listed (none when unset); each must answer now. */
    private static McpTools connectMcp(ServerConfig config) {
        Map<String, String> env = config.engine().environment();
        try {
            return McpTools.connect(McpServers.fromEnvironment(env), config.engine().settings().tools().toolTimeout());
        } catch (McpConfigurationException e) {
            String message = e.getMessage();
            throw new ConfigurationException(message.startsWith(McpServers.VARIABLE) ? message
                    : McpServers.VARIABLE + ": " + message, e);
        }
    }

    /** Where the API listens, e.g. {@code http://localhost:8080}. */
    public URI baseUri() {
        return api.baseUri();
    }

    /**
     * A connection to the API without a socket, through the same pipeline and limits as one from the network: for
     * measuring more open streams than the process may open file descriptors.
     */
    public InProcessConnection connectInProcess() {
        return api.connectInProcess();
    }

    /** The token generated at start for tenant {@code default}, when none was configured in memory mode. */
    public Optional<AccessToken> generatedToken() {
        return generatedToken;
    }

    public TurnEngine engine() {
        return component.engine();
    }

    public Storage storage() {
        return component.storage();
    }

    /**
     * Shuts down in the order that keeps live streams told: stops accepting requests, ends the running turns
     * (interrupted, code {@code shutdown}), lets the open streams deliver those turns' {@code final} events,
     * closes the streams and the server (within the shutdown grace), then closes storage. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<JournalEvent> finals = List.of();
        try {
            api.stopAccepting();
            finals = component.engine().shutdown();
        } finally {
            try {
                api.close(finals);
            } finally {
                try {
                    component.engine().close();
                } finally {
                    try {
                        component.storage().close();
                    } finally {
                        mcp.close();
                        telemetry.close();
                    }
                }
            }
        }
    }
}
