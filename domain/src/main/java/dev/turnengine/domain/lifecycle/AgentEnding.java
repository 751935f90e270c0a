package dev.turnengine.domain.lifecycle;

import dev.turnengine.domain.agent.AgentResult;
import java.util.Objects;

/** What the agent had done when its turn ended: answered, failed, or neither (it was still working). */
public sealed interface AgentEnding {

    /** The agent returned normally. */
    record Answered(AgentResult result) implements AgentEnding {
        public Answered {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The agent threw. */
    record Failed(Throwable failure) implements AgentEnding {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** The agent had neither returned nor thrown. */
    record Unfinished() implements AgentEnding {
    }
}
