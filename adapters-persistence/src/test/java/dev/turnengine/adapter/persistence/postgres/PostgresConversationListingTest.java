package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.contract.ConversationListingContract;
import dev.turnengine.domain.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresConversationListingTest extends ConversationListingContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }
}
