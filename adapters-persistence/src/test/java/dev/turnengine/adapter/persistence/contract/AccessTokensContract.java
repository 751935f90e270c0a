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

        ports.tokens().register(token, TENANT);

        assertThat(ports.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenUnknownToken_whenLookedUp_thenAbsent() {
        assertThat(ports.tokens().tenantOf(AccessToken.generate().hash())).isEmpty();
    }

    @Test
    void givenRegisteredToken_whenRegisteredAgainForSameTenant_thenHarmless() {
        TokenHash token = AccessToken.generate().hash();
        ports.tokens().register(token, TENANT);

        ports.tokens().register(token, TENANT);

        assertThat(ports.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenRegisteredToken_whenRegisteredForAnotherTenant_thenRefusedAndUnchanged() {
        TokenHash token = AccessToken.generate().hash();
        ports.tokens().register(token, TENANT);

        assertThatThrownBy(() -> ports.tokens().register(token, OTHER_TENANT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ports.tokens().tenantOf(token)).contains(TENANT);
    }

    @Test
    void givenRegisteredToken_whenRevoked_thenTrueAndNoLongerActive() {
        TokenHash token = AccessToken.generate().hash();
        TokenHash other = AccessToken.generate().hash();
        ports.tokens().register(token, TENANT);
        ports.tokens().register(other, TENANT);

        assertThat(ports.tokens().revoke(token)).isTrue();

        assertThat(ports.tokens().tenantOf(token)).isEmpty();
        assertThat(ports.tokens().tenantOf(other)).contains(TENANT);
    }

    @Test
    void givenRevokedOrUnknownToken_whenRevoked_thenFalse() {
        TokenHash token = AccessToken.generate().hash();
        ports.tokens().register(token, TENANT);
        ports.tokens().revoke(token);

        assertThat(ports.tokens().revoke(token)).isFalse();
        assertThat(ports.tokens().revoke(AccessToken.generate().hash())).isFalse();
    }

    @Test
    void givenRevokedToken_whenRegisteredAgain_thenStaysRevoked() {
        TokenHash token = AccessToken.generate().hash();
        ports.tokens().register(token, TENANT);
        ports.tokens().revoke(token);

        ports.tokens().register(token, TENANT);

        assertThat(ports.tokens().tenantOf(token)).isEmpty();
    }
}
