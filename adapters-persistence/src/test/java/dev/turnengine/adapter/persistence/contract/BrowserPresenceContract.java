package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.Turn;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.BrowserPresence} contract: heartbeats that expire, per caller. */
public abstract class BrowserPresenceContract extends ContractSupport {

    private final Caller caller = new Caller(TENANT, AccessToken.generate().hash());

    @Test
    void givenConnectedCaller_whenAskedBeforeItsTime_thenConnected() {
        storage.presence().connect(caller, at(30));

        assertThat(storage.presence().isConnected(caller, at(29))).isTrue();
    }

    @Test
    void givenConnectedCaller_whenAskedAtOrAfterItsTime_thenDisconnected() {
        storage.presence().connect(caller, at(30));

        assertThat(storage.presence().isConnected(caller, at(30))).isFalse();
        assertThat(storage.presence().isConnected(caller, at(31))).isFalse();
    }

    @Test
    void givenNeverConnectedCaller_thenDisconnected() {
        assertThat(storage.presence().isConnected(caller, T0)).isFalse();
    }

    @Test
    void givenConnectedCaller_whenHeartbeatAgain_thenConnectedLonger() {
        storage.presence().connect(caller, at(30));

        storage.presence().connect(caller, at(60));

        assertThat(storage.presence().isConnected(caller, at(45))).isTrue();
    }

    @Test
    void givenConnectedCaller_whenDisconnected_thenNotConnected() {
        storage.presence().connect(caller, at(30));

        storage.presence().disconnect(caller);
        storage.presence().disconnect(caller);

        assertThat(storage.presence().isConnected(caller, at(1))).isFalse();
    }

    @Test
    void givenConnectedCaller_thenAnotherTokenOfTheSameTenantIsNotConnected() {
        Caller sameTenantOtherToken = new Caller(TENANT, AccessToken.generate().hash());
        Caller sameTokenOtherTenant = new Caller(OTHER_TENANT, caller.token());
        storage.presence().connect(caller, at(30));

        assertThat(storage.presence().isConnected(sameTenantOtherToken, at(1))).isFalse();
        assertThat(storage.presence().isConnected(sameTokenOtherTenant, at(1))).isFalse();
    }

    @Test
    void givenATurnAttachedToACaller_thenItsBrowserIsConnectedExactlyWhileThatCallerIs() {
        ConversationId conversation = newConversation().id();
        Turn turn = admit(conversation, "use my browser");
        Turn other = admit(conversation, "no browser");
        storage.presence().attach(conversation, turn.id(), caller);
        storage.presence().attach(conversation, turn.id(), new Caller(TENANT, AccessToken.generate().hash()));

        assertThat(storage.presence().isTurnBrowserConnected(conversation, turn.id(), at(1))).isFalse();
        storage.presence().connect(caller, at(30));
        assertThat(storage.presence().isTurnBrowserConnected(conversation, turn.id(), at(1)))
                .as("the first attached caller counts").isTrue();
        assertThat(storage.presence().isTurnBrowserConnected(conversation, turn.id(), at(30))).isFalse();
        assertThat(storage.presence().isTurnBrowserConnected(conversation, other.id(), at(1))).isFalse();
        storage.presence().disconnect(caller);
        assertThat(storage.presence().isTurnBrowserConnected(conversation, turn.id(), at(1))).isFalse();
    }
}
