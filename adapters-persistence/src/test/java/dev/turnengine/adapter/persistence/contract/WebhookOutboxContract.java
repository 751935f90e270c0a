package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import dev.turnengine.domain.webhook.WebhookDelivery;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import dev.turnengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.WebhookEndpoints} and {@link dev.turnengine.domain.port.WebhookOutbox} contract. */
public abstract class WebhookOutboxContract extends ContractSupport {

    static final WebhookSecret SECRET = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final URI URL = URI.create("https://example.com/hooks");

    private void endpoint(TenantId tenant) {
        storage.webhooks().put(new WebhookEndpoint(tenant, URL, SECRET));
    }

    private TurnId ended(ConversationId id, TurnFinal ending) {
        Turn turn = running(id, "hello");
        storage.turns().finish(id, turn.id(), ending, at(2));
        return turn.id();
    }

    @Test
    void givenEndpoint_whenSetShownReplacedAndDeleted_thenEachVisible() {
        endpoint(TENANT);
        assertThat(storage.webhooks().find(TENANT)).contains(new WebhookEndpoint(TENANT, URL, SECRET));
        assertThat(storage.webhooks().find(OTHER_TENANT)).isEmpty();

        WebhookEndpoint replaced = new WebhookEndpoint(TENANT, URI.create("https://example.org/x"),
                new WebhookSecret("whsec_" + "A".repeat(32)));
        storage.webhooks().put(replaced);
        assertThat(storage.webhooks().find(TENANT)).contains(replaced);

        assertThat(storage.webhooks().delete(TENANT)).isTrue();
        assertThat(storage.webhooks().find(TENANT)).isEmpty();
        assertThat(storage.webhooks().delete(TENANT)).isFalse();
    }

    @Test
    void givenNoEndpoint_whenTurnEnds_thenNothingQueued() {
        ended(newConversation().id(), TurnFinal.completed("hi", Optional.empty()));

        assertThat(storage.outbox().pending()).isZero();
    }

    @Test
    void givenEndpoint_whenTurnEnds_thenOneDeliveryWithTheFinalIsClaimable() {
        endpoint(TENANT);
        ConversationId id = newConversation().id();
        TurnFinal ending = TurnFinal.failed("so far", new TurnError("agent_error", "boom"),
                Optional.of(new Usage(3, 4)));
        TurnId turnId = ended(id, ending);

        List<WebhookDelivery> claimed = storage.outbox().claim(at(3), at(63), 10, 10, Set.of());

        assertThat(claimed).singleElement().satisfies(delivery -> {
            assertThat(delivery.turnId()).isEqualTo(turnId);
            assertThat(delivery.conversationId()).isEqualTo(id);
            assertThat(delivery.ending()).isEqualTo(ending);
            assertThat(delivery.endedAt()).isEqualTo(at(2));
            assertThat(delivery.attempts()).isZero();
            assertThat(delivery.endpoint()).isEqualTo(new WebhookEndpoint(TENANT, URL, SECRET));
            assertThat(delivery.type()).isEqualTo("turn.failed");
        });
    }

    @Test
    void givenClaimedDelivery_whenClaimedAgainBeforeTheLeasePasses_thenNotHandedOutTwice() {
        endpoint(TENANT);
        ended(newConversation().id(), TurnFinal.completed("hi", Optional.empty()));

        assertThat(storage.outbox().claim(at(3), at(63), 10, 10, Set.of())).hasSize(1);
        assertThat(storage.outbox().claim(at(4), at(64), 10, 10, Set.of())).isEmpty();
        assertThat(storage.outbox().claim(at(64), at(124), 10, 10, Set.of())).hasSize(1);
    }

    @Test
    void givenFailedAttempt_whenRetriedLater_thenDueOnlyThenWithTheAttemptCounted() {
        endpoint(TENANT);
        TurnId turnId = ended(newConversation().id(), TurnFinal.completed("hi", Optional.empty()));
        storage.outbox().claim(at(3), at(63), 10, 10, Set.of());

        storage.outbox().retryAt(turnId, at(10), "HTTP 500");

        assertThat(storage.outbox().claim(at(9), at(69), 10, 10, Set.of())).isEmpty();
        assertThat(storage.outbox().claim(at(10), at(70), 10, 10, Set.of()))
                .singleElement().extracting(WebhookDelivery::attempts).isEqualTo(1);
        storage.outbox().delivered(turnId);
        assertThat(storage.outbox().pending()).isZero();
    }

    @Test
    void givenManyDeliveries_whenClaimed_thenAtMostPerTenantAndExcludedTenantsSkipped() {
        endpoint(TENANT);
        endpoint(OTHER_TENANT);
        for (int i = 0; i < 3; i++) {
            ended(newConversation().id(), TurnFinal.completed("a" + i, Optional.empty()));
            ConversationId theirs = newConversation(OTHER_TENANT).id();
            TurnId turnId = TurnId.random();
            storage.turns().admit(new Admission.Request(OTHER_TENANT, theirs, turnId, UserMessage.text("b"), "web",
                    Optional.empty(), false, T0));
            storage.turns().finish(theirs, turnId, TurnFinal.completed("b" + i, Optional.empty()), at(2));
        }

        List<WebhookDelivery> claimed = storage.outbox().claim(at(3), at(63), 10, 2, Set.of());
        assertThat(claimed).hasSize(4);
        assertThat(claimed).filteredOn(d -> d.endpoint().tenant().equals(TENANT)).hasSize(2);

        List<WebhookDelivery> rest = storage.outbox().claim(at(3), at(63), 10, 2, Set.of(OTHER_TENANT));
        assertThat(rest).singleElement().extracting(d -> d.endpoint().tenant()).isEqualTo(TENANT);
        claimed.forEach(d -> storage.outbox().release(d.turnId()));
        assertThat(storage.outbox().claim(at(3), at(63), 10, 10, Set.of())).hasSize(5); // all but the one still claimed
    }

    @Test
    void givenPendingDeliveries_whenEndpointDeletedOrDeliveryDropped_thenGone() {
        endpoint(TENANT);
        TurnId first = ended(newConversation().id(), TurnFinal.completed("hi", Optional.empty()));
        ended(newConversation().id(), TurnFinal.completed("hi", Optional.empty()));

        storage.outbox().drop(first);
        assertThat(storage.outbox().pending()).isEqualTo(1);
        storage.webhooks().delete(TENANT);
        assertThat(storage.outbox().pending()).isZero();
    }
}
