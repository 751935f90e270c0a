package dev.turnengine.application.port.out;

import dev.turnengine.domain.webhook.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;

/** Posts one webhook delivery to its endpoint, signed per the Standard Webhooks specification. */
@FunctionalInterface
public interface WebhookSender {

    /**
     * One attempt: POSTs the delivery's JSON with {@code webhook-id}, {@code webhook-timestamp} (from
     * {@code now}) and {@code webhook-signature}, waiting at most {@code timeout}. Never throws for the
     * receiver's sake: a refused connection, a timeout or any status is an {@link Attempt}.
     */
    Attempt send(WebhookDelivery delivery, Instant now, Duration timeout);

    /** How one attempt went: the receiver's status, or why there was none. */
    record Attempt(int status, String failure) {

        public static Attempt answered(int status) {
            return new Attempt(status, "");
        }

        public static Attempt failed(String why) {
            return new Attempt(0, why);
        }

        /** A 2xx answer. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** For logs and the outbox: the status, or the failure. */
        public String describe() {
            return status > 0 ? "HTTP " + status : failure;
        }
    }
}
