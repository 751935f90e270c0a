package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.PortsUnderTest;

/** Fresh in-memory ports for the contract tests. */
final class InMemoryPorts {

    private InMemoryPorts() {
    }

    static PortsUnderTest fresh() {
        InMemoryStorage storage = new InMemoryStorage();
        return new PortsUnderTest(storage.conversations(), storage.turns(), storage.journal(), storage.idempotency(),
                storage.tokens(), storage.presence(), storage.interrupts(), storage.health());
    }
}
