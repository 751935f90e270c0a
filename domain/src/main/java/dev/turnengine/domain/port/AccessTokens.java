package dev.turnengine.domain.port;

import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.TenantId;
import java.util.Optional;

/** Registered personal access tokens, kept only as hashes. */
public interface AccessTokens {

    /** Registers a token for a tenant; registering the same token again for the same tenant is harmless. */
    void register(TokenHash token, TenantId tenant);

    /** The tenant of an active (registered, not revoked) token. */
    Optional<TenantId> tenantOf(TokenHash token);

    /** Revokes a token; false when no active token had that hash. */
    boolean revoke(TokenHash token);
}
