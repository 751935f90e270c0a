package dev.turnengine.domain.agent;

import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;

/**
 * The tools of one turn, as the engine offers them to its agent: the agent tells its model what {@link #offered()}
 * lists and runs every call the model makes through {@link #call(List)}, so that the engine journals each call and
 * result, asks a person for approval where needed, routes browser tools to the browser and bounds every wait.
 */
public interface Tools {

    /** The tools the model may call in this turn, with unique names; empty when the turn has none. */
    List<ToolSpec> offered();

    /**
     * Runs the calls one model response asked for (several when the model called tools in parallel) and returns
     * exactly one result per call, in the order of {@code calls}. Never throws for a tool's failure, a denial, a
     * timeout or an unknown tool name: those come back as error results for the model to read. Blocks, possibly
     * for minutes (a person approving, a browser acting); when the turn is cancelled it returns promptly with
     * error results, and the agent then checks its {@link Cancellation} and stops. The calling thread is the
     * turn's own (virtual) thread.
     *
     * @param calls at least one call, with distinct call ids not used before in this turn
     */
    List<ToolResult> call(List<ToolCall> calls);

    /** A turn without tools: nothing offered, and every call answered {@code unknown_tool}. */
    static Tools none() {
        return NoTools.INSTANCE;
    }
}
