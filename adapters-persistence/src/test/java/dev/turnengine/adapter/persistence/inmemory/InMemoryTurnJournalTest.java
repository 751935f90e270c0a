package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnJournalContract;
import dev.turnengine.domain.port.Storage;

class InMemoryTurnJournalTest extends TurnJournalContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
