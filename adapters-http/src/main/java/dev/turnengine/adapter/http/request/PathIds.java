package dev.turnengine.adapter.http.request;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;

/** Parses the ids in request paths and parameters; anything but a canonical UUID is a 400. */
public final class PathIds {

    private PathIds() {
    }

    public static ConversationId conversation(String text) {
        return ConversationId.parse(text)
                .orElseThrow(() -> ProblemException.invalid("The conversation id must be a UUID."));
    }

    public static TurnId turn(String name, String text) {
        return TurnId.parse(text).orElseThrow(() -> ProblemException.invalid("'" + name + "' must be a UUID."));
    }
}
