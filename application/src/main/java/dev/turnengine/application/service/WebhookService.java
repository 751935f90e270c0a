package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ManageWebhookUseCase;
import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.webhook.WebhookTargets;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import dev.turnengine.domain.webhook.WebhookSecret;
import java.security.SecureRandom;
import java.util.Optional;

/** Keeps each tenant's webhook endpoint, judging the URL before storing it and generating its secret. */
public final class WebhookService implements ManageWebhookUseCase {

    private final WebhookEndpoints endpoints;
    private final WebhookTargets targets;
    private final SecureRandom random = new SecureRandom();

    public WebhookService(WebhookEndpoints endpoints, WebhookTargets targets) {
        this.endpoints = endpoints;
        this.targets = targets;
    }

    @Override
    public SetResult set(Caller caller, String url) {
        return switch (targets.check(url)) {
            case WebhookTargets.Result.Refused refused -> new SetResult.Refused(Refusal.invalid(refused.reason()));
            case WebhookTargets.Result.Allowed allowed -> {
                WebhookEndpoint endpoint = new WebhookEndpoint(caller.tenant(), allowed.url(),
                        WebhookSecret.generate(random));
                endpoints.put(endpoint);
                yield new SetResult.Set(endpoint);
            }
        };
    }

    @Override
    public Optional<WebhookEndpoint> get(Caller caller) {
        return endpoints.find(caller.tenant());
    }

    @Override
    public boolean delete(Caller caller) {
        return endpoints.delete(caller.tenant());
    }
}
