package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The default limits: bodies of many megabytes go through whole, bodies over 32 MiB do not. */
class LargeBodyApiTest {

    @Test
    void givenDefaultLimits_whenLargeButAllowedOrTooLargeBodiesPosted_thenAcceptedOr413() {
        try (TestApi api = TestApi.builder().start()) {
            String conversation = api.conversation("echo");
            // 8 MiB is about 11.2 MB of base64: more than the framework buffers by default.
            String eightMiB = Base64.getEncoder().encodeToString(new byte[8 * 1024 * 1024]);

            var accepted = api.postJson(TestApi.messages(conversation), attachments(eightMiB));
            var bodyTooLarge = api.postJson(TestApi.messages(conversation), attachments(eightMiB, eightMiB, eightMiB));

            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(bodyTooLarge.status()).isEqualTo(413);
            assertThat(bodyTooLarge.problemCode()).isEqualTo("payload_too_large");
        }
    }

    private static String attachments(String... data) {
        StringBuilder json = new StringBuilder("{\"text\":\"files\",\"attachments\":[");
        for (int i = 0; i < data.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"content_type\":\"application/octet-stream\",\"data_b64\":\"")
                    .append(data[i]).append("\"}");
        }
        return json.append("]}").toString();
    }
}
