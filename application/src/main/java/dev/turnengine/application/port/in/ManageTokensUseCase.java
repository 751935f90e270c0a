package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;

/** Issues, registers and revokes personal access tokens. */
public interface ManageTokensUseCase {

    /** A new token for the tenant, registered; the secret is shown only this once. */
    AccessToken issue(TenantId tenant);

    /** Registers a token chosen elsewhere (the bootstrap token); harmless when already registered. */
    void register(AccessToken token, TenantId tenant);

    /** Revokes a token; false when it was not active. */
    boolean revoke(AccessToken token);
}
