package dev.turnengine.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.bootstrap.Server;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The hostile-client scenarios on in-memory storage, plus its bound on attachment bytes. */
class HostileClientsInMemoryTest extends HostileClientScenarios {

    @Override
    protected Map<String, String> storageEnvironment() {
        return Map.of();
    }

    @Test
    void givenAttachmentBudget_whenMessagesWouldExceedIt_thenRefused507UntilEndedTurnsReleaseTheirBytes() {
        int mib = 1024 * 1024;
        try (Server server = start(Map.of("TURNS_MAX_STORED_ATTACHMENT_BYTES", Integer.toString(3 * mib),
                "TURNS_ECHO_DELAY_MS", "100"));
                ApiClient client = client(server)) {
            String conversation = client.createConversation();
            String body = "{\"text\":\"" + ApiClient.words("slow", 20) + "\",\"attachments\":[{\"content_type\":"
                    + "\"application/octet-stream\",\"data_b64\":\"" + Base64.getEncoder().encodeToString(new byte[mib])
                    + "\"}]}";
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String first = client.postJson(ApiClient.messages(conversation), body).turnId();
                String second = client.postJson(ApiClient.messages(conversation), body).turnId();
                String third = client.postJson(ApiClient.messages(conversation), body).turnId();

                Reply refused = client.postJson(ApiClient.messages(conversation), body);

                assertThat(refused.status()).isEqualTo(507);
                assertThat(refused.problemCode()).isEqualTo("insufficient_storage");
                Reply health = client.health();
                assertThat(health.status()).as("a full budget refuses attachments; the server still serves")
                        .isEqualTo(200);
                assertThat(health.json().get("attachments").get("stored_bytes").asLong()).isEqualTo(3L * mib);
                assertThat(health.json().get("attachments").get("budget_bytes").asLong()).isEqualTo(3L * mib);
                assertThat(client.post(conversation, "text alone still fits", Optional.empty()).status())
                        .isEqualTo(202);

                stream.awaitFinal(first, WAIT);
                Reply afterEnd = client.postJson(ApiClient.messages(conversation), body);
                assertThat(afterEnd.status()).as("an ended turn's bytes are released").isEqualTo(202);
                client.interrupt(conversation);
                stream.awaitFinals(java.util.List.of(second, third, afterEnd.turnId()), WAIT);
                assertThat(client.health().json().get("attachments").get("stored_bytes").asLong()).isZero();
                assertThat(client.turn(conversation, first).get("attachments").asInt())
                        .as("an ended turn keeps its attachments' metadata").isEqualTo(1);
            }
        }
    }
}
