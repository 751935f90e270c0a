package dev.turnengine.adapter.http;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;

/** Parses the ids in request paths and parameters; anything but a canonical UUID is a 400. */
final class PathIds {

    private PathIds() {
    }

    static ConversationId conversation(String text) {
        return ConversationId.parse(text)
                .orElseThrow(() -> ProblemException.invalid("The conversation id must be a UUID."));
    }

    static TurnId turn(String name, String text) {
        return TurnId.parse(text).orElseThrow(() -> ProblemException.invalid("'" + name + "' must be a UUID."));
    }
}
