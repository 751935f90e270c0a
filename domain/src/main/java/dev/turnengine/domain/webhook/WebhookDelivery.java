package dev.turnengine.domain.webhook;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.Objects;

/**
 * One turn's end, waiting in the outbox to be posted to its tenant's endpoint. There is at most one per
 * turn, so its {@link #webhookId()} stays the same across attempts and receivers can deduplicate.
 *
 * @param attempts how many attempts have failed so far
 */
public record WebhookDelivery(
        WebhookEndpoint endpoint, ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant endedAt,
        int attempts) {

    public WebhookDelivery {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(endedAt, "endedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
    }

    /** The Standard Webhooks message id: one per turn. */
    public String webhookId() {
        return "msg_" + turnId.value().toString().replace("-", "");
    }

    /** {@code turn.completed}, {@code turn.interrupted} or {@code turn.failed}. */
    public String type() {
        return "turn." + ending.status().wireName();
    }

    /** Whether the turn ended as {@code status}. */
    public boolean endedAs(FinalStatus status) {
        return ending.status() == status;
    }
}
