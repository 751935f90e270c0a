package dev.turnengine.application.webhook;

import dev.turnengine.domain.webhook.WebhookSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signer against the Standard Webhooks specification's published test vector. */
class WebhookSignatureTest {

    // The vector of the specification's reference libraries (e.g. libraries/java WebhookTest.verifyWebhookSignWorks).
    private static final WebhookSecret SECRET = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void givenTheSpecificationsVector_whenSigned_thenItsSignature() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
    }

    @Test
    void givenTheVector_whenVerified_thenOnlyTheUntamperedMessagePasses() {
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, PAYLOAD, SIGNATURE)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, PAYLOAD, "v1,bm9wZQ== " + SIGNATURE)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP + 1, PAYLOAD, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_other", TIMESTAMP, PAYLOAD, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE)).isFalse();
        assertThat(WebhookSignature.verify(WebhookSecret.generate(new SecureRandom()), ID, TIMESTAMP, PAYLOAD, SIGNATURE))
                .isFalse();
    }

    @Test
    void givenGeneratedSecret_thenPrefixedBase64Of32Bytes() {
        WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

        assertThat(secret.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.value().substring(6))).hasSize(32);
        assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
    }

    @Test
    void givenMalformedSecrets_thenRefused() {
        assertThatThrownBy(() -> new WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSecret("whsec_!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSecret("whsec_AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
