package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnStoreLimitsContract;
import dev.turnengine.domain.port.Storage;

class InMemoryTurnStoreLimitsTest extends TurnStoreLimitsContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
