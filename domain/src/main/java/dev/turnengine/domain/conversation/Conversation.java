package dev.turnengine.domain.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversation between people and one agent; its turns run one at a time, in order of acceptance.
 *
 * @param lastTurnChannel the {@code turn_source} of the latest accepted turn (initially the channel)
 */
public record Conversation(
        ConversationId id, TenantId tenant, String agent, String channel, String lastTurnChannel, Instant createdAt) {

    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(createdAt, "createdAt");
        Labels.requireLabel("agent", agent);
        Labels.requireLabel("channel", channel);
        Labels.requireLabel("lastTurnChannel", lastTurnChannel);
    }

    /** A new conversation whose last turn channel starts as its channel. */
    public static Conversation start(TenantId tenant, String agent, String channel, Instant now) {
        return new Conversation(ConversationId.random(), tenant, agent, channel, channel, now);
    }

    /** This conversation after a turn from {@code source} was accepted. */
    public Conversation withLastTurnChannel(String source) {
        return new Conversation(id, tenant, agent, channel, source, createdAt);
    }
}
