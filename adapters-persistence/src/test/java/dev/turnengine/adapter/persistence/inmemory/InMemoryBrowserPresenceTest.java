package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.BrowserPresenceContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryBrowserPresenceTest extends BrowserPresenceContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
