package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.ConversationStoreContract;
import dev.turnengine.domain.port.Storage;

class InMemoryConversationStoreTest extends ConversationStoreContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
