package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.TurnStartAndEndContract;
import dev.turnengine.domain.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTurnStartAndEndTest extends TurnStartAndEndContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }
}
