package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.InterruptSignalsContract;
import dev.turnengine.domain.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresInterruptSignalsTest extends InterruptSignalsContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }
}
