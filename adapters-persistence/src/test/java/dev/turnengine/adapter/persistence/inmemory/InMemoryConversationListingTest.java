package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.ConversationListingContract;
import dev.turnengine.domain.port.Storage;

class InMemoryConversationListingTest extends ConversationListingContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
