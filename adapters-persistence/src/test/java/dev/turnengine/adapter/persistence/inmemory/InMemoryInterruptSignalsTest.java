package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.InterruptSignalsContract;
import dev.turnengine.domain.port.Storage;

class InMemoryInterruptSignalsTest extends InterruptSignalsContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
