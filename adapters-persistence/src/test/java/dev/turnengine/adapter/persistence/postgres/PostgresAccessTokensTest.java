package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.AccessTokensContract;
import dev.turnengine.domain.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAccessTokensTest extends AccessTokensContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }
}
