package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.ConversationErasureContract;
import dev.turnengine.domain.port.Storage;

class InMemoryConversationErasureTest extends ConversationErasureContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
