package dev.turnengine.domain.webhook;

import dev.turnengine.domain.conversation.TenantId;
import java.net.URI;
import java.util.Objects;

/** Where a tenant wants to hear that its turns ended, and the secret its deliveries are signed with. */
public record WebhookEndpoint(TenantId tenant, URI url, WebhookSecret secret) {

    public WebhookEndpoint {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        if (!url.isAbsolute()) {
            throw new IllegalArgumentException("a webhook URL is absolute");
        }
    }
}
