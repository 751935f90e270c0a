package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.tool.ToolStep;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore.Answered;
import dev.turnengine.domain.tool.BrowserResult;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.tool.ToolOutput;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.Turn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.ToolCallStore} contract: tool events journaled in sequence, answers judged. */
public abstract class ToolCallStoreContract extends ContractSupport {

    private static final ToolCall CALL = new ToolCall("call_1", "delete_file", "{\"path\":\"/tmp/x\"}");
    private static final ToolDecision APPROVE = ToolDecision.approve(Optional.empty());

    private JournalEvent callNeedingApproval(Turn turn) {
        return storage.toolCalls().recordCall(turn.conversationId(), turn.id(),
                new ToolCallEvent(CALL, ToolExecutor.SERVER, true));
    }

    @Test
    void givenARunningTurn_whenACallIsRecorded_thenItIsJournaledNextAndWaitsForApproval() {
        Turn turn = running(newConversation().id(), "go");
        JournalEvent event = callNeedingApproval(turn);

        assertThat(event.seq()).isEqualTo(storage.journal().lastSeq(turn.conversationId()));
        assertThat(storage.journal().read(turn.conversationId(), event.seq() - 1, 1).getFirst().event())
                .isEqualTo(new ToolCallEvent(CALL, ToolExecutor.SERVER, true));
        ToolCallRecord record = storage.toolCalls().find(turn.conversationId(), turn.id(), "call_1").orElseThrow();
        assertThat(record.waitingFor()).contains(WaitingFor.APPROVAL);
        assertThat(storage.toolCalls().waiting(turn.conversationId(), turn.id())).containsExactly(record);
        assertThatThrownBy(() -> callNeedingApproval(turn)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAWaitingCall_whenAnswered_thenTheDecisionIsJournaledAndRepeatsAndChangesAreJudged() {
        Turn turn = running(newConversation().id(), "go");
        callNeedingApproval(turn);
        List<String> told = new CopyOnWriteArrayList<>();
        try (Subscription ignored = storage.toolCalls().listen((c, t, id) -> told.add(id))) {
            assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1", APPROVE))
                    .isInstanceOf(Answered.Accepted.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);
        }
        long last = storage.journal().lastSeq(turn.conversationId());
        assertThat(storage.journal().read(turn.conversationId(), last - 1, 1).getFirst().event())
                .isEqualTo(new ToolDecisionEvent("call_1", APPROVE));
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1", APPROVE))
                .isInstanceOf(Answered.Repeated.class);
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1",
                ToolDecision.deny(Optional.of("no")))).isInstanceOf(Answered.NotPending.class);
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1",
                new BrowserResult(new ToolOutput.Text("done"), false))).isInstanceOf(Answered.NotPending.class);
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_2", APPROVE))
                .isInstanceOf(Answered.UnknownCall.class);
        assertThat(storage.toolCalls().answer(ConversationId.random(), turn.id(), "call_1", APPROVE))
                .isInstanceOf(Answered.UnknownCall.class);
        assertThat(storage.journal().lastSeq(turn.conversationId())).isEqualTo(last);
        assertThat(storage.toolCalls().waiting(turn.conversationId(), turn.id())).isEmpty();
    }

    @Test
    void givenAWaitingCall_whenItExpires_thenItsDecisionIsJournaledOnceAndLaterAnswersAreRefused() {
        Turn turn = running(newConversation().id(), "go");
        callNeedingApproval(turn);
        ToolDecisionEvent timeout = new ToolDecisionEvent("call_1", ToolDecision.deny(Optional.of("nobody answered")));

        assertThat(storage.toolCalls().expire(turn.conversationId(), turn.id(), "call_1", Optional.of(timeout)))
                .isTrue();
        assertThat(storage.toolCalls().expire(turn.conversationId(), turn.id(), "call_1", Optional.of(timeout)))
                .isFalse();
        long last = storage.journal().lastSeq(turn.conversationId());
        assertThat(storage.journal().read(turn.conversationId(), last - 1, 1).getFirst().event()).isEqualTo(timeout);
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1", APPROVE))
                .isInstanceOf(Answered.NotPending.class);
    }

    @Test
    void givenACall_whenItsResultIsRecorded_thenOnceOnlyAndTheEndedTurnRefusesWritesButNotRepeats() {
        Turn turn = running(newConversation().id(), "go");
        callNeedingApproval(turn);
        storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1", APPROVE);
        ToolResultEvent result = new ToolResultEvent(ToolResult.text(CALL, "deleted"));

        assertThat(storage.toolCalls().recordResult(turn.conversationId(), turn.id(), result)).isPresent();
        assertThat(storage.toolCalls().recordResult(turn.conversationId(), turn.id(), result)).isEmpty();
        storage.turns().finish(turn.conversationId(), turn.id(), TurnFinal.completed("ok", Optional.empty()), at(5));

        assertThatThrownBy(() -> storage.toolCalls().recordCall(turn.conversationId(), turn.id(),
                new ToolCallEvent(new ToolCall("call_2", "x", "{}"), ToolExecutor.SERVER, false)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "call_1", APPROVE))
                .isInstanceOf(Answered.Repeated.class);
        Turn next = running(turn.conversationId(), "and then?");
        List<Exchange> history = storage.turns().history(turn.conversationId(), next.id(), 10);
        assertThat(history.getFirst().toolSteps()).singleElement().satisfies(step -> {
            assertThat(step.call()).isEqualTo(CALL);
            assertThat(step.result()).isEqualTo(result.result());
        });
    }

    @Test
    void givenHistoryWithAndWithoutToolCalls_thenEachExchangeCarriesItsOwnSteps_onBothWaysOfReadingIt() {
        ConversationId conversation = newConversation().id();
        completed(conversation, "hi", "hello");
        Turn tooling = running(conversation, "go");
        storage.toolCalls().recordCall(conversation, tooling.id(), new ToolCallEvent(CALL, ToolExecutor.SERVER, false));
        ToolResultEvent result = new ToolResultEvent(ToolResult.text(CALL, "deleted"));
        storage.toolCalls().recordResult(conversation, tooling.id(), result);
        storage.turns().finish(conversation, tooling.id(), TurnFinal.completed("done", Optional.empty()), at(5));
        completed(conversation, "thanks", "welcome");

        Admission admission = storage.turns().admit(request(conversation, "next")
                .startingIfIdle(new Admission.Start(NODE, at(60), 10)));

        List<Exchange> expected = List.of(new Exchange("hi", "hello", List.of()),
                new Exchange("go", "done", List.of(new ToolStep(CALL, result.result()))),
                new Exchange("thanks", "welcome", List.of()));
        assertThat(admission).isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
            assertThat(admitted.started()).isTrue();
            assertThat(admitted.history()).isEqualTo(expected);
            assertThat(storage.turns().history(conversation, admitted.turn().id(), 10)).isEqualTo(expected);
        });
    }

    @Test
    void givenABrowserCall_whenItsImageArrives_thenTheRecordHoldsItExactly() {
        Turn turn = running(newConversation().id(), "look");
        ToolCall screenshot = new ToolCall("shot", "computer_screenshot", "{}");
        storage.toolCalls().recordCall(turn.conversationId(), turn.id(),
                new ToolCallEvent(screenshot, ToolExecutor.BROWSER, false));
        BrowserResult image = new BrowserResult(new ToolOutput.Image("iVBORw0KGgo=", "image/png"), false);

        assertThat(storage.toolCalls().answer(turn.conversationId(), turn.id(), "shot", image))
                .isInstanceOf(Answered.Accepted.class);
        assertThat(storage.toolCalls().find(turn.conversationId(), turn.id(), "shot").orElseThrow().browserResult())
                .contains(image);
        assertThat(storage.toolCalls().awaitAnswer(turn.conversationId(), turn.id(), "shot", WaitingFor.BROWSER))
                .isTrue();
    }
}
