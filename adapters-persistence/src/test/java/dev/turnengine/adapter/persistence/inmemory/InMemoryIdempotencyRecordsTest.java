package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.IdempotencyRecordsContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryIdempotencyRecordsTest extends IdempotencyRecordsContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
