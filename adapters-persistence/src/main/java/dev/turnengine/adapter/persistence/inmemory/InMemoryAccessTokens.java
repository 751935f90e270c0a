package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AccessTokens;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens kept in memory. A revoked token stays revoked: registering it again does not bring it
 * back, and a token registered for one tenant cannot be registered for another.
 */
public final class InMemoryAccessTokens implements AccessTokens {

    private record Entry(TenantId tenant, boolean revoked) {
    }

    private final Map<TokenHash, Entry> tokens = new ConcurrentHashMap<>();

    InMemoryAccessTokens() {
    }

    @Override
    public void register(TokenHash token, TenantId tenant) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tenant, "tenant");
        Entry entry = tokens.computeIfAbsent(token, hash -> new Entry(tenant, false));
        if (!entry.tenant().equals(tenant)) {
            throw new IllegalArgumentException("token " + token.label() + " belongs to another tenant");
        }
    }

    @Override
    public Optional<TenantId> tenantOf(TokenHash token) {
        return Optional.ofNullable(tokens.get(token)).filter(entry -> !entry.revoked()).map(Entry::tenant);
    }

    @Override
    public boolean revoke(TokenHash token) {
        boolean[] revoked = new boolean[1];
        tokens.computeIfPresent(token, (hash, entry) -> {
            revoked[0] = !entry.revoked();
            return new Entry(entry.tenant(), true);
        });
        return revoked[0];
    }
}
