package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.StorageHealthContract;
import dev.turnengine.domain.port.Storage;

class InMemoryStorageHealthTest extends StorageHealthContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
