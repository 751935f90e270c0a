package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.StorageHealthContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryStorageHealthTest extends StorageHealthContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
