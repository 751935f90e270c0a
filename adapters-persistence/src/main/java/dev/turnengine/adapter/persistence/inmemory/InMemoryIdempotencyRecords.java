package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.inmemory.ConversationState.KeyScope;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.IdempotencyRecords;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Idempotency records kept in memory beside their conversation's turns. */
public final class InMemoryIdempotencyRecords implements IdempotencyRecords {

    private final InMemoryState state;

    InMemoryIdempotencyRecords(InMemoryState state) {
        this.state = state;
    }

    @Override
    public Optional<IdempotencyRecord> find(
            TenantId tenant, ConversationId conversationId, IdempotencyKey key, Instant now) {
        Objects.requireNonNull(now, "now");
        return state.lookup(conversationId)
                .flatMap(c -> c.locked(s -> Optional.ofNullable(s.keys.get(new KeyScope(tenant, key)))))
                .filter(record -> record.isLiveAt(now));
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return state.collectAll(c -> {
            int before = c.keys.size();
            c.keys.values().removeIf(record -> !record.isLiveAt(now));
            return List.of(before - c.keys.size());
        }).stream().mapToInt(Integer::intValue).sum();
    }
}
