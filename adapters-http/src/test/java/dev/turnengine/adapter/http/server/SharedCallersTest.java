package dev.turnengine.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.access.TokenHash;
import dev.turnengine.domain.conversation.TenantId;
import org.junit.jupiter.api.Test;

/** Requests of one token share one caller; other tokens and tenants keep their own. */
class SharedCallersTest {

    private static Caller caller(String tenant, char digit) {
        return new Caller(new TenantId(tenant), new TokenHash(String.valueOf(digit).repeat(64)));
    }

    @Test
    void givenEqualCallers_whenShared_thenTheFirstInstanceServesThemAll() {
        SharedCallers callers = new SharedCallers();
        Caller first = caller("acme", 'a');

        assertThat(callers.shared(first)).isSameAs(first);
        assertThat(callers.shared(caller("acme", 'a'))).isSameAs(first);
        Caller otherToken = caller("acme", 'b');
        assertThat(callers.shared(otherToken)).isSameAs(otherToken);
        Caller otherTenant = caller("other", 'a');
        assertThat(callers.shared(otherTenant)).isSameAs(otherTenant);
    }

    @Test
    void givenMoreTokensThanItRemembers_thenItForgetsAndStillAnswersWithAnEqualCaller() {
        SharedCallers callers = new SharedCallers();
        for (int i = 0; i < 10_050; i++) {
            String hex = String.format("%064x", i);
            Caller caller = new Caller(new TenantId("t" + i), new TokenHash(hex));
            assertThat(callers.shared(caller)).isEqualTo(caller);
            assertThat(callers.remembered()).isLessThanOrEqualTo(SharedCallers.MAX_REMEMBERED);
        }
        Caller late = caller("acme", 'c');
        assertThat(callers.shared(late)).isSameAs(late);
        assertThat(callers.shared(caller("acme", 'c'))).isSameAs(late);
    }
}
