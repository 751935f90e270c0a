package dev.turnengine.testkit.agent;

import dev.turnengine.domain.tool.ToolCall;
import java.util.List;
import java.util.Objects;

/** One step of a scripted run: say text, call tools through the turn's tools, or say what the last calls returned. */
sealed interface ScriptStep {

    /** Emits one delta (paced by the script's delay and gate). */
    record Say(String delta) implements ScriptStep {

        public Say {
            Objects.requireNonNull(delta, "delta");
        }
    }

    /** Calls these tools at once, as a model calling tools in parallel does, and keeps their results. */
    record Call(List<ToolCall> calls) implements ScriptStep {

        public Call {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a tool step calls at least one tool");
            }
        }
    }

    /** Emits, one delta each, the output of every result the last tool step got, as {@code prefix + output}. */
    record SayResults(String prefix) implements ScriptStep {

        public SayResults {
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
