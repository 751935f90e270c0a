package dev.turnengine.application.execution;

import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.turn.Turn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What every turn's tools share on this node: the server tools offered, the tool settings, the store of calls and
 * the waits for outside answers, which hear of answers from any node while {@link #listen()} runs. A
 * {@code browser_session} turn is offered the {@code computer_*} tools as well (taking their names first), and its
 * browser calls wait only while the browser of the caller who started it stays present.
 */
final class ToolRuns {

    private final ServerToolIndex index;
    private final ServerToolIndex browserIndex;
    private final BrowserPresence presence;
    private final Clock clock;
    private final ToolCallStore store;
    private final ToolSettings settings;
    private final OutsideAnswers answers = new OutsideAnswers();
    private final EngineMetrics metrics;

    ToolRuns(List<ServerTools> serverTools, ToolCallStore store, ToolSettings settings, BrowserPresence presence,
            Clock clock, EngineMetrics metrics) {
        this.metrics = metrics;
        this.index = new ServerToolIndex(serverTools, settings);
        List<ServerTools> withBrowser = new ArrayList<>();
        withBrowser.add(BrowserToolSource.INSTANCE);
        withBrowser.addAll(serverTools);
        this.browserIndex = new ServerToolIndex(withBrowser, settings);
        this.presence = presence;
        this.clock = clock;
        this.store = store;
        this.settings = settings;
    }

    /** Starts hearing of answers to tool calls, posted on this node or another. */
    Subscription listen() {
        return store.listen((conversationId, turnId, callId) -> answers.told(turnId, callId));
    }

    /** The tools of one turn about to run. */
    TurnTools forTurn(Turn turn, RunningTurn runningTurn) {
        boolean browser = turn.message().browserSession();
        AnswerWait wait = new AnswerWait(turn, runningTurn, store, answers,
                () -> browser && presence.isTurnBrowserConnected(turn.conversationId(), turn.id(), clock.instant()));
        return new TurnTools(turn, runningTurn, browser ? browserIndex : index, store, wait, settings, metrics);
    }
}
