package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Deliveries waiting to be posted. A delivery is written by {@link TurnStore#finish} (and
 * {@link ConversationErasure#close}) in the same atomic step as its turn's {@code final}, and only while the
 * tenant has an endpoint; several nodes may take from one outbox.
 */
public interface WebhookOutbox {

    /**
     * Claims up to {@code limit} deliveries that are due at {@code now}, at most {@code perTenant} of any one
     * tenant and none of {@code excluded}, oldest due first, each with the tenant's current endpoint. A claimed
     * delivery is not handed out again, on any node, until {@code claimUntil} passes or it is released.
     */
    List<WebhookDelivery> claim(Instant now, Instant claimUntil, int limit, int perTenant, Set<TenantId> excluded);

    /** The delivery succeeded: it leaves the outbox. */
    void delivered(TurnId turnId);

    /** The attempt failed: counts it, frees the claim and makes the delivery due again at {@code next}. */
    void retryAt(TurnId turnId, Instant next, String error);

    /** Frees a claim without counting an attempt (it was claimed but not tried). */
    void release(TurnId turnId);

    /** Gives the delivery up: it leaves the outbox undelivered. */
    void drop(TurnId turnId);

    /** How many deliveries wait (claimed or not). */
    int pending();
}
