package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.ConversationStoreContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryConversationStoreTest extends ConversationStoreContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
