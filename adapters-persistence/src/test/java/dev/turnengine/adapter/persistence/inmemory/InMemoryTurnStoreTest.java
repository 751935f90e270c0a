package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnStoreContract;
import dev.turnengine.domain.port.Storage;

class InMemoryTurnStoreTest extends TurnStoreContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
