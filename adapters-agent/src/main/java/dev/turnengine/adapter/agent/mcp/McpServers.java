package dev.turnengine.adapter.agent.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code TURNS_MCP_SERVERS}: the comma-separated streamable-HTTP URLs of the MCP servers whose tools are offered. */
public final class McpServers {

    /** The environment variable listing the servers. */
    public static final String VARIABLE = "TURNS_MCP_SERVERS";

    private McpServers() {}

    /**
     * The servers {@code env} lists, in order; empty when the variable is unset or blank.
     *
     * @throws McpConfigurationException naming the entry that is not an http(s) URL
     */
    public static List<URI> fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(VARIABLE, "");
        List<URI> servers = new ArrayList<>();
        for (String entry : value.split(",")) {
            String url = entry.strip();
            if (!url.isEmpty()) {
                servers.add(parse(url));
            }
        }
        return List.copyOf(servers);
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the variable's name
        }
        throw new McpConfigurationException(VARIABLE + " lists '" + url + "', which is not an http:// or https:// URL");
    }
}
