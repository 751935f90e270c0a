package dev.turnengine.adapter.http.api;

import dev.turnengine.application.port.in.ConversationView;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.TurnId;

/**
 * A conversation as clients see it.
 *
 * @param status {@code busy} while a turn runs or waits, else {@code idle}
 * @param activeTurnId the running turn, or null
 */
record ConversationJson(
        String id, String agent, String channel, String lastTurnChannel, String status, String activeTurnId,
        int queuedTurns, String createdAt) {

    static ConversationJson from(ConversationView view) {
        Conversation conversation = view.conversation();
        ConversationActivity activity = view.activity();
        return new ConversationJson(
                conversation.id().toString(),
                conversation.agent(),
                conversation.channel(),
                conversation.lastTurnChannel(),
                activity.isBusy() ? "busy" : "idle",
                activity.runningTurn().map(TurnId::toString).orElse(null),
                activity.queuedTurns(),
                conversation.createdAt().toString());
    }
}
