package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.TurnJournalContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryTurnJournalTest extends TurnJournalContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
