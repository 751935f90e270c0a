package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.util.Optional;

/** Sets, shows and removes the caller's tenant's webhook endpoint. */
public interface ManageWebhookUseCase {

    /**
     * Sets the endpoint with a newly generated secret. Refused when the URL is not http(s), or when its
     * host is or resolves to a loopback, private, link-local or otherwise non-public address (unless
     * private targets are allowed).
     */
    SetResult set(Caller caller, String url);

    /** The tenant's endpoint, if any. */
    Optional<WebhookEndpoint> get(Caller caller);

    /** Removes the endpoint (undelivered deliveries are dropped); false when there was none. */
    boolean delete(Caller caller);

    /** What setting the endpoint did. */
    sealed interface SetResult {

        /** Stored; the secret is shown this once. */
        record Set(WebhookEndpoint endpoint) implements SetResult {
        }

        /** Not stored. */
        record Refused(Refusal refusal) implements SetResult {
        }
    }
}
