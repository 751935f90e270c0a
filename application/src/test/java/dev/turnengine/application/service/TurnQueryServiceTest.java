package dev.turnengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.application.port.in.QueryTurnsUseCase;
import dev.turnengine.application.support.EngineHarness;
import dev.turnengine.domain.InvalidInputException;
import dev.turnengine.domain.conversation.ConversationId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnQueryServiceTest {

    private final EngineHarness harness = new EngineHarness(ScriptedAgentRunner.replying("ok").thenComplete());
    private final ConversationId conversation = harness.conversation();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenThreeTurns_whenPaged_thenEachPageHoldsAtMostItsLimitInOrder() {
        var first = harness.accept(conversation, "one");
        var second = harness.accept(conversation, "two");
        var third = harness.accept(conversation, "three");

        var page = harness.engine.queryTurns().list(harness.caller, conversation, 1, 1).orElseThrow();
        var all = harness.engine.queryTurns().list(harness.caller, conversation, 0, QueryTurnsUseCase.MAX_PAGE)
                .orElseThrow();

        assertThat(page).extracting(turn -> turn.id()).containsExactly(second.id());
        assertThat(all).extracting(turn -> turn.id()).containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void givenLimitAboveThePageSizeOrNegativeOffset_whenListed_thenRefusedAsInvalidInput() {
        assertThatThrownBy(() -> harness.engine.queryTurns()
                .list(harness.caller, conversation, 0, QueryTurnsUseCase.MAX_PAGE + 1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> harness.engine.queryTurns().list(harness.caller, conversation, -1, 10))
                .isInstanceOf(InvalidInputException.class);
    }
}
