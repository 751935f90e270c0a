package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.BrowserPresenceContract;
import dev.turnengine.adapter.persistence.contract.PortsUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresBrowserPresenceTest extends BrowserPresenceContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public PortsUnderTest freshPorts() {
        return DATABASE.freshPorts();
    }
}
