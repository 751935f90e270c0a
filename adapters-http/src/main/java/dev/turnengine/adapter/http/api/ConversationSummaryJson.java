package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.turn.TurnId;

/** A conversation as a line of the list: what {@link ConversationJson} shows, and when it was last active. */
record ConversationSummaryJson(
        String id, String agent, String channel, String lastTurnChannel, String status, String activeTurnId,
        int queuedTurns, String createdAt, String lastActivityAt) {

    static ConversationSummaryJson from(ConversationSummary summary) {
        Conversation conversation = summary.conversation();
        ConversationActivity activity = summary.activity();
        return new ConversationSummaryJson(
                conversation.id().toString(),
                conversation.agent(),
                conversation.channel(),
                conversation.lastTurnChannel(),
                activity.isBusy() ? "busy" : "idle",
                activity.runningTurn().map(TurnId::toString).orElse(null),
                activity.queuedTurns(),
                conversation.createdAt().toString(),
                summary.lastActivityAt().toString());
    }
}
