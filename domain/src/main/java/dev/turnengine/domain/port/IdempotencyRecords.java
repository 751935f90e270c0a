package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import java.time.Instant;
import java.util.Optional;

/** Reads and expires idempotency records; they are written only by {@link TurnStore#admit}. */
public interface IdempotencyRecords {

    /** The record for that key if it is still live at {@code now}. */
    Optional<IdempotencyRecord> find(TenantId tenant, ConversationId conversationId, IdempotencyKey key, Instant now);

    /** Deletes records that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
