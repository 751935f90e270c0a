package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.IdempotencyRecordsContract;
import dev.turnengine.domain.port.Storage;

class InMemoryIdempotencyRecordsTest extends IdempotencyRecordsContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
