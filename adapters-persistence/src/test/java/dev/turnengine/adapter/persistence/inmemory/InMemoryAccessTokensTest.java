package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.AccessTokensContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

class InMemoryAccessTokensTest extends AccessTokensContract {

    @Override
    public PortsUnderTest freshPorts() {
        return InMemoryPorts.fresh();
    }
}
