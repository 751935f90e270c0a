package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.util.Optional;

/** Each tenant's one webhook endpoint. */
public interface WebhookEndpoints {

    /** Sets the tenant's endpoint, replacing any earlier one (and its secret). */
    void put(WebhookEndpoint endpoint);

    /** The tenant's endpoint, if it has one. */
    Optional<WebhookEndpoint> find(TenantId tenant);

    /** Removes the tenant's endpoint and drops its undelivered deliveries; false when it had none. */
    boolean delete(TenantId tenant);
}
