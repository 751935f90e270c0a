package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.contract.AccessTokensContract;
import dev.turnengine.domain.port.Storage;

class InMemoryAccessTokensTest extends AccessTokensContract {

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage();
    }
}
