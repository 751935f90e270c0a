package dev.turnengine.domain.port;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;

/** Produces an agent's reply to one turn. */
@FunctionalInterface
public interface AgentRunner {

    /**
     * Answers the request, writing reply text to {@code output} as it is produced, and returns when the
     * answer is complete. When {@code cancellation} fires (interrupt, timeout, shutdown) it stops its
     * work, closing any upstream call, and returns or throws promptly. Failures are thrown, preferably as
     * {@link dev.turnengine.domain.agent.AgentException} with a code the user can act on. The calling
     * thread is a virtual thread and may block.
     */
    AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation);
}
