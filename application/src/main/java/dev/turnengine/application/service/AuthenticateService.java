package dev.turnengine.application.service;

import dev.turnengine.application.port.in.AuthenticateUseCase;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.port.AccessTokens;
import java.util.Optional;

/** Turns a bearer token into a caller; tokens are looked up by hash only. */
public final class AuthenticateService implements AuthenticateUseCase {

    private final AccessTokens tokens;

    public AuthenticateService(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        return AccessToken.parse(bearerToken).flatMap(token -> {
            TokenHash hash = token.hash();
            return tokens.tenantOf(hash).map(tenant -> new Caller(tenant, hash));
        });
    }
}
