package dev.turnengine.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.UserMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static UserMessage message(String text, boolean browser, Optional<String> identity) {
        return new UserMessage(text, List.of(), browser, identity);
    }

    @Test
    void givenSamePayload_whenFingerprinted_thenEqual() {
        assertThat(Fingerprint.of(message("hi", false, Optional.empty()), "web", BusyPolicy.ENQUEUE))
                .isEqualTo(Fingerprint.of(message("hi", false, Optional.empty()), "web", BusyPolicy.ENQUEUE));
    }

    @Test
    void givenDifferentIdentityOnly_whenFingerprinted_thenEqual() {
        assertThat(Fingerprint.of(message("hi", false, Optional.of("{\"a\":1}")), "web", BusyPolicy.ENQUEUE))
                .isEqualTo(Fingerprint.of(message("hi", false, Optional.empty()), "web", BusyPolicy.ENQUEUE));
    }

    @Test
    void givenAnyFingerprintedFieldDiffers_whenFingerprinted_thenDifferent() {
        Fingerprint base = Fingerprint.of(message("hi", false, Optional.empty()), "web", BusyPolicy.ENQUEUE);
        Attachment file = new Attachment("text/plain", Optional.of("aGk="), Optional.empty(), Optional.empty());

        assertThat(Fingerprint.of(message("ho", false, Optional.empty()), "web", BusyPolicy.ENQUEUE)).isNotEqualTo(base);
        assertThat(Fingerprint.of(message("hi", true, Optional.empty()), "web", BusyPolicy.ENQUEUE)).isNotEqualTo(base);
        assertThat(Fingerprint.of(message("hi", false, Optional.empty()), "slack", BusyPolicy.ENQUEUE))
                .isNotEqualTo(base);
        assertThat(Fingerprint.of(message("hi", false, Optional.empty()), "web", BusyPolicy.REJECT)).isNotEqualTo(base);
        assertThat(Fingerprint.of(new UserMessage("hi", List.of(file), false, Optional.empty()), "web",
                BusyPolicy.ENQUEUE)).isNotEqualTo(base);
    }

    @Test
    void givenShiftedFieldBoundary_whenFingerprinted_thenDifferent() {
        assertThat(Fingerprint.of(message("ab", false, Optional.empty()), "c", BusyPolicy.ENQUEUE))
                .isNotEqualTo(Fingerprint.of(message("a", false, Optional.empty()), "bc", BusyPolicy.ENQUEUE));
    }

    @Test
    void givenKeys_whenParsed_thenOnlyPrintableAsciiUpTo255() {
        assertThat(IdempotencyKey.parse("a")).isPresent();
        assertThat(IdempotencyKey.parse("k".repeat(255))).isPresent();
        assertThat(IdempotencyKey.parse("k".repeat(256))).isEmpty();
        assertThat(IdempotencyKey.parse("")).isEmpty();
        assertThat(IdempotencyKey.parse("caf\u00e9")).isEmpty();
        assertThat(IdempotencyKey.parse("tab\there")).isEmpty();
    }
}
