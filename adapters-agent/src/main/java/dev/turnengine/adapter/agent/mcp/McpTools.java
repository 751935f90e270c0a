package dev.turnengine.adapter.agent.mcp;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tools of the MCP servers in {@code TURNS_MCP_SERVERS}, listed once when connecting. Tools keep the names their
 * server gives them; when a later server offers a name an earlier one already took, it is offered as
 * {@code <server host>__<name>} (and, should that be taken too, with the port as well).
 */
public final class McpTools implements ServerTools, AutoCloseable {

    /** How long connecting, listing and each call may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Where an offered name leads: a server and the tool's own name there. */
    private record Route(McpToolServer server, String serverName) {}

    private final List<McpToolServer> servers;
    private final Map<String, Route> routes;
    private final List<ToolSpec> offered;

    private McpTools(List<McpToolServer> servers, Map<String, Route> routes, List<ToolSpec> offered) {
        this.servers = servers;
        this.routes = routes;
        this.offered = offered;
    }

    /**
     * Connects to every server in order and lists its tools.
     *
     * @param timeout bounds connecting, listing and each tool call
     * @throws McpConfigurationException naming the server that could not be reached or listed
     */
    public static McpTools connect(List<URI> urls, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        List<McpToolServer> servers = new ArrayList<>();
        Map<String, Route> routes = new LinkedHashMap<>();
        List<ToolSpec> offered = new ArrayList<>();
        try {
            for (URI url : urls) {
                McpToolServer server = new McpToolServer(url, timeout);
                servers.add(server);
                for (ToolSpec tool : server.tools()) {
                    String name = freeName(tool.name(), server.url(), routes);
                    routes.put(name, new Route(server, tool.name()));
                    offered.add(tool.renamed(name));
                }
            }
        } catch (RuntimeException e) {
            servers.forEach(McpToolServer::close);
            throw e;
        }
        return new McpTools(List.copyOf(servers), Map.copyOf(routes), List.copyOf(offered));
    }

    /** The tools of the servers {@code TURNS_MCP_SERVERS} lists in {@code env}; none when it is unset. */
    public static McpTools fromEnvironment(Map<String, String> env) {
        return connect(McpServers.fromEnvironment(env), DEFAULT_TIMEOUT);
    }

    private static String freeName(String name, URI url, Map<String, Route> taken) {
        if (!taken.containsKey(name)) {
            return name;
        }
        String host = safe(url.getHost());
        String byHost = host + "__" + name;
        if (!taken.containsKey(byHost)) {
            return byHost;
        }
        String byPort = host + "_" + (url.getPort() < 0 ? url.getScheme() : url.getPort()) + "__" + name;
        for (int n = 2; taken.containsKey(byPort); n++) {
            byPort = host + "_" + url.getPort() + "_" + n + "__" + name;
        }
        return byPort;
    }

    /** A host as a tool name may hold it (IPv6 literals have colons and brackets). */
    private static String safe(String host) {
        return host.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public List<ToolSpec> offered() {
        return offered;
    }

    @Override
    public ToolResult run(ToolCall call) {
        Route route = routes.get(call.name());
        if (route == null) {
            return ToolResult.error(call, ToolResult.UNKNOWN_TOOL, "no MCP tool named '" + call.name() + "' is offered");
        }
        return route.server().call(call, route.serverName());
    }

    /** Closes the connections to every server. */
    @Override
    public void close() {
        servers.forEach(McpToolServer::close);
    }
}
