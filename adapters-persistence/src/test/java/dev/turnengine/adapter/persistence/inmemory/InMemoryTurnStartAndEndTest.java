package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnStartAndEndContract;
import dev.turnengine.domain.port.Storage;

class InMemoryTurnStartAndEndTest extends TurnStartAndEndContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
