package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnStoreContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryTurnStoreTest extends TurnStoreContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
