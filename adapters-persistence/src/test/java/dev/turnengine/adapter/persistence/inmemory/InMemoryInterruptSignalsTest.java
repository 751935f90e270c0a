package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.InterruptSignalsContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryInterruptSignalsTest extends InterruptSignalsContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
