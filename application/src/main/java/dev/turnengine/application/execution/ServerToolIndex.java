package dev.turnengine.application.execution;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.ToolSpec;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server tools every turn is offered, listed once: each name leads to the source that runs it, and carries the
 * approval flag of its source or of {@code TURNS_TOOLS_REQUIRE_APPROVAL}. When two sources offer one name, the
 * first keeps it and the later tool is left out (with a warning), so a call always reaches one tool.
 */
final class ServerToolIndex {

    private static final Logger LOG = System.getLogger(ServerToolIndex.class.getName());

    /** An offered tool and where it runs. */
    record Entry(ToolSpec spec, ServerTools source) {
    }

    private final Map<String, Entry> byName;
    private final List<ToolSpec> offered;

    ServerToolIndex(List<ServerTools> sources, ToolSettings settings) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (ServerTools source : sources) {
            for (ToolSpec spec : source.offered()) {
                if (entries.containsKey(spec.name())) {
                    LOG.log(Level.WARNING, "two server tools are named '" + spec.name()
                            + "'; only the first registered is offered");
                    continue;
                }
                boolean approval = spec.requiresApproval() || settings.requiresApproval(spec.name());
                entries.put(spec.name(), new Entry(spec.withApproval(approval), source));
            }
        }
        this.byName = Map.copyOf(entries);
        List<ToolSpec> specs = new ArrayList<>();
        entries.values().forEach(entry -> specs.add(entry.spec()));
        this.offered = List.copyOf(specs);
    }

    List<ToolSpec> offered() {
        return offered;
    }

    Optional<Entry> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
