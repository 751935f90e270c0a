package dev.turnengine.domain.idempotency;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.Objects;

/** Remembers which turn a key started, until it expires; scoped to tenant, conversation and key. */
public record IdempotencyRecord(
        TenantId tenant, ConversationId conversationId, IdempotencyKey key, Fingerprint fingerprint, TurnId turnId,
        Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the record still deduplicates at {@code now}. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
