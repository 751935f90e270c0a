package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.domain.tool.ToolStep;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that wait for a person, on the real server: the event sequences of an approval granted, denied, left
 * unanswered and cut by an interrupt; the waiting state in {@code GET …/turns/{id}} and {@code GET …/conversations/{id}};
 * and every answer {@code POST …/tool-calls/{call_id}} can give.
 */
class ToolApprovalsApiTest {

    private static final String ASK = "{\"decision\":\"approve\"}";

    private TestApi api;
    private ScriptedAgentRunner agent;
    private String conversation;
    private SseClient stream;

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        if (agent != null) {
            agent.release();
        }
        if (api != null) {
            api.close();
        }
    }

    /** Starts a turn whose agent calls {@code echo} (which needs approval), and waits until the call is streamed. */
    private String startWaitingTurn(UnaryOperator<ToolSettings> tools) {
        agent = ScriptedAgentRunner.silent().callTool("echo", "{\"text\":\"rm -rf\"}").sayResults("").thenComplete();
        api = TestApi.builder().agent("tools", agent).serverTools(new TestServerTools())
                .tools(tools.apply(ToolSettings.defaults().withRequireApproval(List.of("echo")))).start();
        conversation = api.conversation("tools");
        stream = api.stream(TestApi.streamOf(conversation));
        String turn = api.submit(conversation, "clean up").get("turn_id").asText();
        events.addAll(stream.eventsUntil(frame -> frame.type().equals("tool_call")));
        return turn;
    }

    private final List<SseFrame> events = new ArrayList<>();

    private List<String> restUntilFinal() {
        events.addAll(stream.eventsUntilFinal());
        return events.stream().map(ToolCallsApiTest::describe).toList();
    }

    private Reply answer(String turn, String callId, String body) {
        return ToolCallsApiTest.answer(api, conversation, turn, callId, body);
    }

    @Test
    void givenAnApprovalRequiredCall_whenApproved_thenDecisionResultAndReplyFollow() {
        String turn = startWaitingTurn(UnaryOperator.identity());
        JsonNode waiting = api.client.turn(conversation, turn);
        assertThat(waiting.get("status").asText()).isEqualTo("running");
        assertThat(waiting.get("waiting_for").asText()).isEqualTo("approval");
        assertThat(waiting.get("pending_tool_calls").get(0).get("call_id").asText()).isEqualTo("call_1");
        JsonNode busy = api.get("/v1/api/conversations/" + conversation).json();
        assertThat(busy.get("status").asText()).isEqualTo("busy");
        assertThat(busy.get("waiting_for").asText()).isEqualTo("approval");

        Reply approved = answer(turn, "call_1", ASK);
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body()).isEqualTo("{\"accepted\":true}");
        assertThat(restUntilFinal()).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 echo {\"text\":\"rm -rf\"} server requires_approval=true",
                "tool_decision call_1 approve",
                "tool_result call_1 echo is_error=false: you sent {\"text\":\"rm -rf\"}",
                "text_delta you sent {\"text\":\"rm -rf\"}",
                "final completed");

        Reply again = answer(turn, "call_1", ASK);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("idempotent").asBoolean()).isTrue();
        Reply changed = answer(turn, "call_1", "{\"decision\":\"deny\"}");
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("code").asText()).isEqualTo("tool_call_not_pending");
        assertThat(api.client.turn(conversation, turn).get("waiting_for").isNull()).isTrue();
    }

    @Test
    void givenAnApprovalRequiredCall_whenDenied_thenTheModelReadsTheRefusalWithTheReason() {
        String turn = startWaitingTurn(UnaryOperator.identity());
        assertThat(answer(turn, "call_1", "{\"decision\":\"deny\",\"reason\":\"not on prod\"}").status())
                .isEqualTo(200);
        assertThat(restUntilFinal()).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 echo {\"text\":\"rm -rf\"} server requires_approval=true",
                "tool_decision call_1 deny (not on prod)",
                "tool_result call_1 echo is_error=true: denied: a person refused this call: not on prod",
                "text_delta denied: a person refused this call: not on prod",
                "final completed");
    }

    @Test
    void givenNobodyAnswers_whenTheApprovalTimeoutPasses_thenTheCallIsDeniedAndLaterAnswersAreRefused() {
        String turn = startWaitingTurn(tools -> tools.withApprovalTimeout(Duration.ofMillis(300)));
        assertThat(restUntilFinal()).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 echo {\"text\":\"rm -rf\"} server requires_approval=true",
                "tool_decision call_1 deny (nobody approved the call within 300 ms)",
                "tool_result call_1 echo is_error=true: denied: nobody approved the call within 300 ms",
                "text_delta denied: nobody approved the call within 300 ms",
                "final completed");
        assertThat(answer(turn, "call_1", ASK).status()).isEqualTo(409);
    }

    @Test
    void givenACallWaitingForApproval_whenTheTurnIsInterrupted_thenItEndsAtOnceWithAnErrorResultBeforeTheFinal() {
        String turn = startWaitingTurn(UnaryOperator.identity());
        assertThat(api.client.interrupt(conversation).status()).isEqualTo(202);
        assertThat(restUntilFinal()).containsExactly(
                "turn_accepted",
                "turn_started",
                "tool_call call_1 echo {\"text\":\"rm -rf\"} server requires_approval=true",
                "tool_result call_1 echo is_error=true: interrupted: the turn was interrupted before the call finished",
                "final interrupted");
        Reply late = answer(turn, "call_1", ASK);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("code").asText()).isEqualTo("tool_call_not_pending");
    }

    @Test
    void givenAWaitingCall_whenAnswersAreMalformedUnknownOrForeign_thenNothingChanges() {
        String turn = startWaitingTurn(UnaryOperator.identity());
        assertThat(answer(turn, "call_1", "{\"decision\":\"maybe\"}").status()).isEqualTo(400);
        assertThat(answer(turn, "call_1", "{\"decision\":\"approve\",\"output\":\"x\"}").status()).isEqualTo(400);
        assertThat(answer(turn, "call_1", "{}").status()).isEqualTo(400);
        assertThat(answer(turn, "call_1", "[1]").status()).isEqualTo(400);
        assertThat(answer(turn, "call_1", "{\"image_b64\":\"***\",\"content_type\":\"image/png\"}").status())
                .isEqualTo(400);
        assertThat(answer(turn, "call_1", "{\"image_b64\":\"AAAA\",\"content_type\":\"image/gif\"}").status())
                .isEqualTo(400);
        assertThat(answer(turn, "call_9", ASK).status()).isEqualTo(404);
        assertThat(answer("not-a-uuid", "call_1", ASK).status()).isEqualTo(400);
        // A browser result for a call that waits for a person is not what it waits for.
        assertThat(answer(turn, "call_1", "{\"output\":\"done\"}").status()).isEqualTo(409);
        try (ApiClient other = new ApiClient(api.server.baseUri(), api.otherToken)) {
            Reply foreign = other.postJson("/v1/api/conversations/" + conversation + "/turns/" + turn
                    + "/tool-calls/call_1", ASK);
            assertThat(foreign.status()).isEqualTo(404);
        }
        assertThat(api.client.turn(conversation, turn).get("waiting_for").asText()).isEqualTo("approval");
        assertThat(answer(turn, "call_1", ASK).status()).isEqualTo(200);
        assertThat(restUntilFinal()).last().isEqualTo("final completed");
    }

    @Test
    void givenATurnThatCalledTools_whenTheNextTurnRuns_thenItsHistoryHoldsTheCallsAndResults() {
        String turn = startWaitingTurn(UnaryOperator.identity());
        answer(turn, "call_1", ASK);
        restUntilFinal();
        String next = api.submit(conversation, "what did the tool say?").get("turn_id").asText();
        stream.await(frame -> frame.type().equals("tool_call") && frame.turnId().equals(next), Duration.ofSeconds(10),
                "the next turn's call");
        assertThat(answer(next, "call_1", "{\"decision\":\"deny\"}").status()).isEqualTo(200);
        stream.awaitFinal(next, Duration.ofSeconds(10));
        List<ToolStep> steps = agent.lastRequest().orElseThrow().history().getFirst().toolSteps();
        assertThat(steps).hasSize(1);
        assertThat(steps.getFirst().call().argumentsJson()).isEqualTo("{\"text\":\"rm -rf\"}");
        assertThat(steps.getFirst().result().output().asText()).isEqualTo("you sent {\"text\":\"rm -rf\"}");
    }
}
