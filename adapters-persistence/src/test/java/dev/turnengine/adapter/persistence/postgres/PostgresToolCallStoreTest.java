package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.adapter.persistence.contract.ToolCallStoreContract;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore.Answered;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.turn.Turn;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresToolCallStoreTest extends ToolCallStoreContract {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }

    private Turn waitingTurn() {
        Turn turn = running(newConversation().id(), "go");
        storage.toolCalls().recordCall(turn.conversationId(), turn.id(),
                new ToolCallEvent(new ToolCall("c1", "deploy", "{}"), ToolExecutor.SERVER, true));
        return turn;
    }

    @Test
    void givenTwoNodes_whenAnAnswerArrivesOnOne_thenTheOtherIsTold() {
        Turn turn = waitingTurn();
        PostgresStorage nodeB = DATABASE.open();
        List<String> told = new CopyOnWriteArrayList<>();
        try (Subscription ignored = storage.toolCalls().listen((c, t, id) -> told.add(t + "/" + id))) {
            assertThat(nodeB.toolCalls().answer(turn.conversationId(), turn.id(), "c1",
                    ToolDecision.approve(Optional.empty()))).isInstanceOf(Answered.Accepted.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
        }
        assertThat(told).containsExactly(turn.id() + "/c1");
    }

    @Test
    void givenAnAnswerStoredWhileANodeWasNotListening_whenItListensAgain_thenItIsToldOfIt() throws SQLException {
        Turn turn = waitingTurn();
        PostgresStorage nodeB = DATABASE.open();
        List<String> told = new CopyOnWriteArrayList<>();
        try (Subscription ignored = nodeB.toolCalls().listen((c, t, id) -> told.add(id))) {
            // Told once by the notification; then nodeB's connections are cut, as in an outage, and when it
            // listens anew it is told again from the stored answer, which a missed notification would need.
            storage.toolCalls().answer(turn.conversationId(), turn.id(), "c1", ToolDecision.deny(Optional.empty()));
            await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);

            assertThat(terminateConnectionsOf(nodeB)).isPositive();

            await().atMost(Duration.ofSeconds(10)).until(() -> told.size() >= 2);
        }
        assertThat(told).containsOnly("c1");
    }

    private static int terminateConnectionsOf(PostgresStorage node) throws SQLException {
        try (PreparedStatement kill = DATABASE.admin().prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                + "FROM pg_stat_activity WHERE application_name LIKE ?")) {
            kill.setString(1, node.applicationName() + "%");
            try (var rows = kill.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
