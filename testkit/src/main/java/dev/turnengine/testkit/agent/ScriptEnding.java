package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.turn.Usage;
import java.util.Optional;

/** How a scripted run ends once its deltas are out. */
sealed interface ScriptEnding {

    AgentResult end(ScriptProgress progress, Cancellation cancellation);

    /** Returns normally, with or without usage. */
    record Complete(Optional<Usage> usage) implements ScriptEnding {

        @Override
        public AgentResult end(ScriptProgress progress, Cancellation cancellation) {
            return new AgentResult(usage);
        }
    }

    /** Throws an {@link AgentException}, as an agent reporting an upstream error does. */
    record Fail(String code, String message) implements ScriptEnding {

        @Override
        public AgentResult end(ScriptProgress progress, Cancellation cancellation) {
            throw new AgentException(code, message);
        }
    }

    /** Throws anything, as an agent with a bug would. */
    record Throw(RuntimeException failure) implements ScriptEnding {

        @Override
        public AgentResult end(ScriptProgress progress, Cancellation cancellation) {
            throw failure;
        }
    }

    /** Blocks until released (or cancelled, when honoured), then returns. */
    record Hang(boolean honourCancellation) implements ScriptEnding {

        @Override
        public AgentResult end(ScriptProgress progress, Cancellation cancellation) {
            progress.hang(cancellation, honourCancellation);
            return AgentResult.withoutUsage();
        }
    }
}
