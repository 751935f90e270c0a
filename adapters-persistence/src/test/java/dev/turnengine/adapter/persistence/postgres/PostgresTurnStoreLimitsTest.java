package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.TurnStoreLimitsContract;
import dev.turnengine.domain.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTurnStoreLimitsTest extends TurnStoreLimitsContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }
}
