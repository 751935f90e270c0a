package dev.turnengine.domain.conversation;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identity of a conversation: a UUID. */
public record ConversationId(UUID value) {

    public ConversationId {
        Objects.requireNonNull(value, "value");
    }

    public static ConversationId random() {
        return new ConversationId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text form; empty for anything else. */
    public static Optional<ConversationId> parse(String text) {
        return Uuids.parse(text).map(ConversationId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
