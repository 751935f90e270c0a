package dev.turnengine.domain.turn;

import dev.turnengine.domain.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person sent to start a turn.
 *
 * @param identityJson free-form identity claims as JSON text, stored and handed to the agent untouched
 */
public record UserMessage(
        String text, List<Attachment> attachments, boolean browserSession, Optional<String> identityJson) {

    public UserMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(identityJson, "identityJson");
        if (text.isBlank()) {
            throw new InvalidInputException("text must not be blank");
        }
        attachments = List.copyOf(attachments);
    }

    /** A plain text message with no attachments and no identity. */
    public static UserMessage text(String text) {
        return new UserMessage(text, List.of(), false, Optional.empty());
    }
}
