package dev.turnengine.adapter.http.api;

import dev.turnengine.application.port.in.ConversationView;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;

/**
 * A conversation as clients see it.
 *
 * @param status {@code busy} while a turn runs or waits, else {@code idle}
 * @param activeTurnId the running turn, or null
 * @param waitingFor while the running turn waits for an outside answer: {@code approval} or {@code browser}; else null
 * @param pendingToolCalls the running turn's tool calls that wait; empty when none does
 */
record ConversationJson(
        String id, String agent, String channel, String lastTurnChannel, String status, String activeTurnId,
        int queuedTurns, String createdAt, String waitingFor, List<PendingToolCallJson> pendingToolCalls) {

    static ConversationJson from(ConversationView view) {
        Conversation conversation = view.conversation();
        ConversationActivity activity = view.activity();
        List<PendingToolCallJson> pending = PendingToolCallJson.from(view.waitingCalls());
        return new ConversationJson(
                conversation.id().toString(),
                conversation.agent(),
                conversation.channel(),
                conversation.lastTurnChannel(),
                activity.isBusy() ? "busy" : "idle",
                activity.runningTurn().map(TurnId::toString).orElse(null),
                activity.queuedTurns(),
                conversation.createdAt().toString(),
                PendingToolCallJson.waitingFor(pending),
                pending);
    }
}
