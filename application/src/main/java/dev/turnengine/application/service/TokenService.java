package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ManageTokensUseCase;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AccessTokens;

/** Issues and revokes personal access tokens; only their hashes are stored. */
public final class TokenService implements ManageTokensUseCase {

    private final AccessTokens tokens;

    public TokenService(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public AccessToken issue(TenantId tenant) {
        AccessToken token = AccessToken.generate();
        tokens.register(token.hash(), tenant);
        return token;
    }

    @Override
    public void register(AccessToken token, TenantId tenant) {
        tokens.register(token.hash(), tenant);
    }

    @Override
    public boolean revoke(AccessToken token) {
        return tokens.revoke(token.hash());
    }
}
