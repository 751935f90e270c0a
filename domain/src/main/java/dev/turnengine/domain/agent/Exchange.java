package dev.turnengine.domain.agent;

import java.util.Objects;

/** An earlier completed turn of the conversation, given to the agent as history. */
public record Exchange(String userText, String replyText) {

    public Exchange {
        Objects.requireNonNull(userText, "userText");
        Objects.requireNonNull(replyText, "replyText");
    }
}
