package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.BrowserPresenceContract;
import dev.turnengine.domain.port.Storage;

class InMemoryBrowserPresenceTest extends BrowserPresenceContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
