package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.access.TokenHash;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.AccessTokens} contract: registration, lookup and revocation. */
public abstract class AccessTokensContract extends ContractSupport {

    @Test
    void givenRegisteredToken_whenLookedUp_thenItsTenant() {
        TokenHash token = AccessToken.generate().hash();

        storage.tokens().register(token, TENANT);

        assertThat(storage.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenUnknownToken_whenLookedUp_thenAbsent() {
        assertThat(storage.tokens().tenantOf(AccessToken.generate().hash())).isEmpty();
    }

    @Test
    void givenRegisteredToken_whenRegisteredAgainForSameTenant_thenHarmless() {
        TokenHash token = AccessToken.generate().hash();
        storage.tokens().register(token, TENANT);

        storage.tokens().register(token, TENANT);

        assertThat(storage.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenRegisteredToken_whenRegisteredForAnotherTenant_thenRefusedAndUnchanged() {
        TokenHash token = AccessToken.generate().hash();
        storage.tokens().register(token, TENANT);

        assertThatThrownBy(() -> storage.tokens().register(token, OTHER_TENANT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenRegisteredToken_whenRevoked_thenTrueAndNoLongerActive() {
        TokenHash token = AccessToken.generate().hash();
        TokenHash other = AccessToken.generate().hash();
        storage.tokens().register(token, TENANT);
        storage.tokens().register(other, TENANT);

        assertThat(storage.tokens().revoke(token)).isTrue();

        assertThat(storage.tokens().tenantOf(token)).isEmpty();
        assertThat(storage.tokens().tenantOf(other)).contains(TENANT);
    }

    @Test
    void givenRevokedOrUnknownToken_whenRevoked_thenFalse() {
        TokenHash token = AccessToken.generate().hash();
        storage.tokens().register(token, TENANT);
        storage.tokens().revoke(token);

        assertThat(storage.tokens().revoke(token)).isFalse();
        assertThat(storage.tokens().revoke(AccessToken.generate().hash())).isFalse();
    }

    @Test
    void givenRevokedToken_whenRegisteredAgain_thenStaysRevoked() {
        TokenHash token = AccessToken.generate().hash();
        storage.tokens().register(token, TENANT);
        storage.tokens().revoke(token);

        storage.tokens().register(token, TENANT);

        assertThat(storage.tokens().tenantOf(token)).isEmpty();
    }
}
