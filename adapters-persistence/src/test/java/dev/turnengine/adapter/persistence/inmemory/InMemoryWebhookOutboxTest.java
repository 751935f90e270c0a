package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.WebhookOutboxContract;
import dev.turnengine.domain.port.Storage;

class InMemoryWebhookOutboxTest extends WebhookOutboxContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
