package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.e2e.hostile.HostileClientScenarios;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hostile-client scenarios on PostgreSQL, plus a stored row the engine cannot decode. */
class HostileClientsPostgresIT extends HostileClientScenarios {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    @Override
    protected Map<String, String> storageEnvironment() {
        return Map.of("TURNS_DATABASE_URL", DATABASE.serverUrl(), "TURNS_LEASE_SECONDS", "2");
    }

    @Test
    void givenQueuedTurnWhoseRowCannotBeDecoded_whenItsTurnComes_thenItFailsAndTheConversationMovesOn() {
        try (Server server = start(Map.of("TURNS_ECHO_DELAY_MS", "200")); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String first = client.post(conversation, ApiClient.words("first", 6), Optional.empty()).turnId();
                String poison = client.post(conversation, "to be damaged", Optional.of("poison-key")).turnId();
                String after = client.post(conversation, "after the bad row", Optional.empty()).turnId();
                DATABASE.corruptMessage(poison);

                assertThat(stream.awaitFinal(first, WAIT).status()).isEqualTo("completed");
                var poisonFinal = stream.awaitFinal(poison, WAIT);
                assertThat(poisonFinal.status()).isEqualTo("failed");
                assertThat(poisonFinal.errorCode()).isEqualTo("storage_error");
                assertThat(stream.awaitFinal(after, WAIT).status()).isEqualTo("completed");
                assertThat(stream.eventsOf(poison)).extracting(f -> f.type()).containsExactly("turn_accepted", "final");
            }
            Reply list = client.get("/v1/api/conversations/" + conversation + "/turns");
            assertThat(list.status()).isEqualTo(200);
            Reply one = client.get("/v1/api/conversations/" + conversation + "/turns/" + list.json().get("turns").get(1)
                    .get("turn_id").asText());
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().get("status").asText()).isEqualTo("failed");
            Reply retry = client.post(conversation, "to be damaged", Optional.of("poison-key"));
            assertThat(retry.status()).as("a same-key retry of the damaged turn").isEqualTo(202);
            assertThat(client.get("/v1/api/conversations/" + conversation).json().get("status").asText())
                    .isEqualTo("idle");
        }
    }

    @Test
    void givenMessageWithAttachment_whenStored_thenTheMessageRowHoldsNoAttachmentBytes() {
        try (Server server = start(Map.of()); ApiClient client = client(server)) {
            String conversation = client.createConversation();
            String data = Base64.getEncoder().encodeToString(new byte[1024 * 1024]);
            Reply accepted = client.postJson(ApiClient.messages(conversation), "{\"text\":\"see attached\","
                    + "\"attachments\":[{\"content_type\":\"application/octet-stream\",\"data_b64\":\"" + data + "\"}]}");
            assertThat(accepted.status()).isEqualTo(202);

            assertThat(DATABASE.messageBytes(accepted.turnId()))
                    .as("lists and history read the message row only; the bytes live apart").isLessThan(1_000);
        }
    }
}
