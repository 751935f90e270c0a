package dev.turnengine.application.execution;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.turn.Turn;
import java.util.List;

/**
 * What every turn's tools share on this node: the server tools offered, the tool settings, the store of calls and
 * the waits for outside answers, which hear of answers from any node while {@link #listen()} runs.
 */
final class ToolRuns {

    private final ServerToolIndex index;
    private final ToolCallStore store;
    private final ToolSettings settings;
    private final OutsideAnswers answers = new OutsideAnswers();

    ToolRuns(List<ServerTools> serverTools, ToolCallStore store, ToolSettings settings) {
        this.index = new ServerToolIndex(serverTools, settings);
        this.store = store;
        this.settings = settings;
    }

    /** Starts hearing of answers to tool calls, posted on this node or another. */
    Subscription listen() {
        return store.listen((conversationId, turnId, callId) -> answers.told(turnId, callId));
    }

    /** The tools of one turn about to run. */
    TurnTools forTurn(Turn turn, RunningTurn runningTurn) {
        return new TurnTools(turn, runningTurn, index, store, new AnswerWait(turn, runningTurn, store, answers),
                settings);
    }
}
