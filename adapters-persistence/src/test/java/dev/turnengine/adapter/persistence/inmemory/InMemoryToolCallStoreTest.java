package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.ToolCallStoreContract;
import dev.turnengine.domain.port.Storage;

class InMemoryToolCallStoreTest extends ToolCallStoreContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
