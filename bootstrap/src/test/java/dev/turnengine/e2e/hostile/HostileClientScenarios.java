package dev.turnengine.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Attacks from the hostile-client review that must keep failing, run against a real server on 127.0.0.1
 * with each storage (subclasses say which): the double-clicked Stop, "stop and answer this instead", a
 * shutdown with a live stream, and attachments that must not travel where only text is needed.
 */
public abstract class HostileClientScenarios {

    protected static final String TOKEN = "hq_pat_hostile_clients_token_0123456789";
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** Variables for the server beyond port, host and token: the storage, typically. */
    protected abstract Map<String, String> storageEnvironment();

    protected Server start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(storageEnvironment());
        env.put("TURNS_HTTP_PORT", "0");
        env.put("TURNS_HTTP_HOST", "127.0.0.1");
        env.put("TURNS_BOOTSTRAP_TOKEN", TOKEN);
        env.putAll(extra);
        return Server.start(ServerConfig.fromEnvironment(env));
    }

    protected static ApiClient client(Server server) {
        return new ApiClient(server.baseUri(), TOKEN);
    }

    @Test
    void givenTurnAAndQueuedTurnB_whenStopIsClickedTwiceBackToBack_thenAIsInterruptedAndBCompletes() {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "150")); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String a = client.post(conversation, ApiClient.words("alpha", 8), Optional.empty()).turnId();
                String b = client.post(conversation, "beta gamma", Optional.empty()).turnId();
                stream.awaitDeltas(a, 1, WAIT);

                Reply first = client.interrupt(conversation);
                Reply second = client.interrupt(conversation);

                assertThat(first.status()).isEqualTo(202);
                assertThat(second.status()).isIn(200, 202);
                assertThat(stream.awaitFinal(a, WAIT).status()).isEqualTo("interrupted");
                SseFrame bFinal = stream.awaitFinal(b, WAIT);
                assertThat(bFinal.status()).as("the second click must not stop the next turn").isEqualTo("completed");
                assertThat(bFinal.text()).isEqualTo("beta gamma");
            }
        }
    }

    @Test
    void givenTurnAAndQueuedTurnB_whenStopIsClickedTwiceThreeHundredMillisApart_thenBStillCompletes()
            throws InterruptedException {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "150")); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String a = client.post(conversation, ApiClient.words("alpha", 8), Optional.empty()).turnId();
                String b = client.post(conversation, ApiClient.words("beta", 8), Optional.empty()).turnId();
                stream.awaitDeltas(a, 1, WAIT);

                assertThat(client.interrupt(conversation).status()).isEqualTo(202);
                stream.awaitFinal(a, WAIT);
                stream.awaitDeltas(b, 1, WAIT);
                Thread.sleep(300);
                Reply second = client.interrupt(conversation);

                assertThat(second.status()).as("B started within 2 s of the interrupt that ended A").isEqualTo(200);
                assertThat(stream.awaitFinal(b, WAIT).status()).isEqualTo("completed");
                Reply named = client.postJson("/v1/api/conversations/" + conversation + "/interrupt",
                        "{\"turn_id\":\"" + b + "\"}");
                assertThat(named.json().get("status").asText()).as("an ended turn, named").isEqualTo("completed");
            }
        }
    }

    @Test
    void givenQueuedTurn_whenCancelledByIdOrInterruptedByTurnId_thenItEndsInterruptedWithoutStarting() {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "200")); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String running = client.post(conversation, ApiClient.words("long", 10), Optional.empty()).turnId();
                String cancelled = client.post(conversation, "never runs", Optional.empty()).turnId();
                String named = client.post(conversation, "never runs either", Optional.empty()).turnId();
                String last = client.post(conversation, "runs next", Optional.empty()).turnId();
                stream.awaitDeltas(running, 1, WAIT);

                Reply cancel = client.postJson(
                        "/v1/api/conversations/" + conversation + "/turns/" + cancelled + "/cancel", "");
                Reply byId = client.postJson("/v1/api/conversations/" + conversation + "/interrupt",
                        "{\"turn_id\":\"" + named + "\"}");

                assertThat(cancel.status()).isEqualTo(202);
                assertThat(byId.status()).isEqualTo(202);
                assertThat(stream.awaitFinal(cancelled, WAIT).status()).isEqualTo("interrupted");
                assertThat(stream.awaitFinal(named, WAIT).status()).isEqualTo("interrupted");
                assertThat(stream.awaitFinal(last, WAIT).status()).isEqualTo("completed");
                assertThat(stream.awaitFinal(running, WAIT).status()).as("only the named turns stop")
                        .isEqualTo("completed");
                assertThat(stream.eventsOf(cancelled)).extracting(SseFrame::type)
                        .containsExactly("turn_accepted", "final");
                assertThat(stream.eventsOf(named)).extracting(SseFrame::type)
                        .containsExactly("turn_accepted", "final");

                Reply again = client.postJson("/v1/api/conversations/" + conversation + "/turns/" + cancelled
                        + "/cancel", "");
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.json().get("interrupted").asBoolean()).isFalse();
                assertThat(again.json().get("status").asText()).isEqualTo("interrupted");
            }
        }
    }

    @Test
    void givenRunningAndQueuedTurns_whenMessageSentWithOnBusyInterrupt_thenEarlierOnesEndAndItRunsNext() {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "150")); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String running = client.post(conversation, ApiClient.words("long", 20), Optional.empty()).turnId();
                String queued1 = client.post(conversation, "queued one", Optional.empty()).turnId();
                String queued2 = client.post(conversation, "queued two", Optional.empty()).turnId();
                stream.awaitDeltas(running, 1, WAIT);

                Reply instead = client.postJson(ApiClient.messages(conversation),
                        "{\"text\":\"answer this instead\",\"on_busy\":\"interrupt\"}");

                assertThat(instead.status()).isEqualTo(202);
                assertThat(stream.awaitFinal(running, WAIT).status()).isEqualTo("interrupted");
                assertThat(stream.awaitFinal(queued1, WAIT).status()).isEqualTo("interrupted");
                assertThat(stream.awaitFinal(queued2, WAIT).status()).isEqualTo("interrupted");
                assertThat(stream.awaitFinal(instead.turnId(), WAIT).status()).isEqualTo("completed");
                List<String> started = stream.events().stream().filter(f -> "turn_started".equals(f.type()))
                        .map(SseFrame::turnId).toList();
                assertThat(started).containsExactly(running, instead.turnId());
            }
        }
    }

    @Test
    void givenLiveStreamOfRunningTurn_whenServerShutsDown_thenTheStreamReceivesItsFinalBeforeClosing() {
        Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "200"));
        try (ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String turn = client.post(conversation, ApiClient.words("shutting", 30), Optional.empty()).turnId();
                stream.awaitDeltas(turn, 2, WAIT);

                server.close();

                SseFrame ending = stream.awaitFinal(turn, WAIT);
                assertThat(ending.status()).isEqualTo("interrupted");
                assertThat(ending.errorCode()).isEqualTo("shutdown");
                assertThat(stream.awaitEnding()).isEqualTo(SseClient.Ending.END_OF_STREAM);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void givenTurnsWithMegabyteAttachments_whenListed_thenNoAttachmentBytesTravelAndHeapStaysBounded() {
        try (Server server = start(Map.of()); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            String data = Base64.getEncoder().encodeToString(new byte[1024 * 1024]);
            String body = "{\"text\":\"see attached\",\"attachments\":[{\"content_type\":\"application/octet-stream\","
                    + "\"data_b64\":\"" + data + "\",\"filename\":\"zeros.bin\"}]}";
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                List<String> turns = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    Reply accepted = client.postJson(ApiClient.messages(conversation), body);
                    assertThat(accepted.status()).isEqualTo(202);
                    turns.add(accepted.turnId());
                }
                stream.awaitFinals(turns, WAIT);
            }
            long before = usedHeapAfterGc();
            for (int i = 0; i < 20; i++) {
                Reply list = client.get("/v1/api/conversations/" + conversation + "/turns?limit=100");
                assertThat(list.status()).isEqualTo(200);
                assertThat(list.body().length()).as("a list of five turns carries text and metadata only")
                        .isLessThan(20_000);
                assertThat(list.body()).doesNotContain(data.substring(0, 64));
            }
            long growth = usedHeapAfterGc() - before;
            assertThat(growth).as("heap kept by twenty lists of five 1 MiB turns").isLessThan(8L * 1024 * 1024);
            JsonNode turn = client.turns(conversation).getFirst();
            assertThat(turn.get("attachments").asInt()).isEqualTo(1);
        }
    }

    protected static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
