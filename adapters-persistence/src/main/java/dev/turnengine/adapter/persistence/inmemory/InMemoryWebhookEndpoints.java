package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Webhook endpoints kept in memory. */
public final class InMemoryWebhookEndpoints implements WebhookEndpoints {

    private final Map<TenantId, WebhookEndpoint> endpoints;
    private final InMemoryWebhookOutbox outbox;

    InMemoryWebhookEndpoints(Map<TenantId, WebhookEndpoint> endpoints, InMemoryWebhookOutbox outbox) {
        this.endpoints = endpoints;
        this.outbox = outbox;
    }

    @Override
    public void put(WebhookEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        endpoints.put(endpoint.tenant(), endpoint);
    }

    @Override
    public Optional<WebhookEndpoint> find(TenantId tenant) {
        return Optional.ofNullable(endpoints.get(tenant));
    }

    @Override
    public boolean delete(TenantId tenant) {
        boolean removed = endpoints.remove(tenant) != null;
        outbox.dropTenant(tenant);
        return removed;
    }
}
