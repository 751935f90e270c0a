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

    /** This message with its attachments' inline bytes left in storage; text, identity and sizes stay. */
    public UserMessage withoutAttachmentData() {
        return attachments.stream().noneMatch(attachment -> attachment.dataBase64().isPresent()) ? this
                : new UserMessage(text, attachments.stream().map(Attachment::unloaded).toList(), browserSession,
                        identityJson);
    }

    /** Total decoded size of the inline attachment bytes this message holds now. */
    public long loadedAttachmentBytes() {
        return attachments.stream().filter(a -> a.dataBase64().isPresent()).mapToLong(Attachment::decodedSize).sum();
    }

    /** What is shown for a stored message that cannot be decoded, so that reads of its turn still answer. */
    public static UserMessage unreadable() {
        return text("[this message could not be read back from storage]");
    }

    /** A plain text message with no attachments and no identity. */
    public static UserMessage text(String text) {
        return new UserMessage(text, List.of(), false, Optional.empty());
    }
}
