package dev.turnengine.domain.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void givenGeneratedTokens_whenCompared_thenWellFormedAndDistinct() {
        AccessToken one = AccessToken.generate();
        AccessToken two = AccessToken.generate();

        assertThat(AccessToken.parse(one.secret())).contains(one);
        assertThat(one.secret()).startsWith("hq_pat_").isNotEqualTo(two.secret());
        assertThat(one.hash()).isNotEqualTo(two.hash());
        assertThat(one.toString()).doesNotContain(one.secret().substring(7));
    }

    @Test
    void givenSameSecret_whenHashed_thenHashesMatch() {
        AccessToken token = AccessToken.generate();

        assertThat(token.hash().matches(new AccessToken(token.secret()).hash())).isTrue();
        assertThat(token.hash().matches(AccessToken.generate().hash())).isFalse();
    }

    @Test
    void givenMalformedTokens_whenParsed_thenEmpty() {
        assertThat(AccessToken.parse(null)).isEmpty();
        assertThat(AccessToken.parse("hq_pat_short")).isEmpty();
        assertThat(AccessToken.parse("Bearer hq_pat_0123456789abcdef")).isEmpty();
        assertThat(AccessToken.parse("hq_pat_0123456789abcdef\n")).isEmpty();
        assertThat(AccessToken.parse("hq_pat_0123456789abcdef")).isPresent();
    }
}
