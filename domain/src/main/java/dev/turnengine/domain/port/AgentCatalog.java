package dev.turnengine.domain.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The agents conversations can be created with, by name, and the one used when none is named. */
public interface AgentCatalog {

    /** The runner of the agent called {@code name}. */
    Optional<AgentRunner> find(String name);

    /** The name of the agent a conversation gets when it names none. */
    String defaultAgent();

    /** The names of all agents. */
    Set<String> names();

    /** A fixed catalog; {@code defaultAgent} must be one of {@code runners}. */
    static AgentCatalog of(String defaultAgent, Map<String, AgentRunner> runners) {
        Map<String, AgentRunner> copy = Map.copyOf(runners);
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        if (!copy.containsKey(defaultAgent)) {
            throw new IllegalArgumentException("the default agent '" + defaultAgent + "' is not in the catalog");
        }
        return new AgentCatalog() {
            @Override
            public Optional<AgentRunner> find(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public String defaultAgent() {
                return defaultAgent;
            }

            @Override
            public Set<String> names() {
                return copy.keySet();
            }
        };
    }
}
