package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.Turn;

/** The API's paths, in one place, for routes and for the links the API hands out. */
final class ApiPaths {

    static final String CONVERSATIONS = "/v1/api/conversations";
    static final String CONVERSATION = CONVERSATIONS + "/{id}";
    static final String PRESENCE = "/v1/api/browser/presence";
    static final String WEBHOOK = "/v1/api/webhook";
    static final String HEALTH = "/health";

    private ApiPaths() {
    }

    static String conversation(ConversationId id) {
        return CONVERSATIONS + "/" + id;
    }

    /** The stream of one turn: replays it from its first event and ends after its {@code final}. */
    static String turnStream(Turn turn) {
        return conversation(turn.conversationId()) + "/stream?turn_id=" + turn.id();
    }
}
