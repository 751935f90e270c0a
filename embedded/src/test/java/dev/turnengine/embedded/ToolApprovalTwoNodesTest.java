package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.postgres.PostgresTestDatabase;
import dev.turnengine.application.port.in.AnswerToolCallUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engines on one PostgreSQL database: a turn runs on node A and waits for a person's approval of a Java tool;
 * node B sees the waiting call and takes the approval; node A hears of it, runs the tool and completes the turn.
 */
class ToolApprovalTwoNodesTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId ACME = new TenantId("acme");

    private static EmbeddedTurnEngine node() {
        return EmbeddedTurnEngine.builder().postgres(url())
                .agent("deployer", ScriptedAgentRunner.silent().callTool("deploy", "{\"service\":\"web\"}")
                        .sayResults("").thenComplete())
                .tool(JavaTool.of("deploy", "Deploys a service.", "{\"type\":\"object\"}",
                        arguments -> "deployed " + arguments).requiringApproval())
                .build();
    }

    @Test
    void givenATurnWaitingForApprovalOnNodeA_whenNodeBTakesTheApproval_thenNodeARunsTheToolAndCompletes()
            throws Exception {
        try (EmbeddedTurnEngine nodeA = node(); EmbeddedTurnEngine nodeB = node()) {
            Caller onA = nodeA.caller(ACME);
            Caller onB = nodeB.caller(ACME);
            ConversationId conversation = nodeA.createConversation(onA);
            List<JournalEvent> events = new CopyOnWriteArrayList<>();
            try (EmbeddedTurnEngine.Subscription stream = nodeA.stream(onA, conversation, 0, events::add)) {
                Turn turn = nodeA.submit(onA, conversation, "ship it");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !nodeB.engine().queryTurns()
                        .waitingCalls(onB, conversation, turn.id()).isEmpty());
                List<ToolCallRecord> waiting = nodeB.engine().queryTurns().waitingCalls(onB, conversation, turn.id());
                assertThat(waiting).singleElement().satisfies(call -> {
                    assertThat(call.callId()).isEqualTo("call_1");
                    assertThat(call.waitingFor()).contains(WaitingFor.APPROVAL);
                });
                assertThat(nodeA.engine().runningTurns()).isEqualTo(1);
                assertThat(nodeB.engine().runningTurns()).isZero();

                AnswerToolCallUseCase.Result answered = nodeB.engine().answerToolCall().answer(
                        new AnswerToolCallUseCase.Command(onB, conversation, turn.id(), "call_1",
                                ToolDecision.approve(Optional.of("go ahead"))));

                assertThat(answered).isInstanceOf(AnswerToolCallUseCase.Result.Accepted.class);
                TurnFinal ending = nodeA.awaitFinal(onA, conversation, turn, Duration.ofSeconds(10));
                assertThat(ending.status()).isEqualTo(FinalStatus.COMPLETED);
                assertThat(ending.text()).isEqualTo("deployed {\"service\":\"web\"}");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 7);
                assertThat(events.stream().map(event -> event.event().type()).toList()).containsExactly(
                        "turn_accepted", "turn_started", "tool_call", "tool_decision", "tool_result", "text_delta",
                        "final");
                assertThat(events.stream().map(JournalEvent::seq).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            }
        }
    }

    private static String url() {
        StringBuilder url = new StringBuilder(DATABASE.url().jdbcUrl());
        DATABASE.url().user().ifPresent(user -> url.append("&user=").append(encode(user)));
        DATABASE.url().password().ifPresent(password -> url.append("&password=").append(encode(password)));
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
