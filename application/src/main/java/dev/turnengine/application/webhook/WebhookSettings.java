package dev.turnengine.application.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param allowPrivateTargets whether endpoints on loopback, private and link-local addresses are allowed
 * @param timeout how long one attempt may take before it counts as failed
 * @param firstRetry the delay before the first retry; each later one doubles, up to {@code maxRetryDelay},
 *     and is then shortened by a random jitter of up to half
 * @param giveUpAfter how long after the turn ended attempts go on
 * @param pollInterval how often an idle dispatcher looks for due deliveries
 * @param maxInFlight attempts under way at once on this node
 * @param maxInFlightPerTenant attempts under way at once for one tenant on this node
 */
public record WebhookSettings(
        boolean allowPrivateTargets, Duration timeout, Duration firstRetry, Duration maxRetryDelay,
        Duration giveUpAfter, Duration pollInterval, int maxInFlight, int maxInFlightPerTenant) {

    public WebhookSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(firstRetry, "firstRetry");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxInFlight < 1 || maxInFlightPerTenant < 1 || maxInFlightPerTenant > maxInFlight) {
            throw new IllegalArgumentException("in-flight bounds must be positive, per tenant at most overall");
        }
    }

    /** 10 s attempts; retries after ~5 s, doubling to at most an hour, for 24 h; 32 at once, 4 per tenant. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(false, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofMillis(250), 32, 4);
    }

    public WebhookSettings withAllowPrivateTargets(boolean value) {
        return new WebhookSettings(value, timeout, firstRetry, maxRetryDelay, giveUpAfter, pollInterval,
                maxInFlight, maxInFlightPerTenant);
    }

    public WebhookSettings withRetries(Duration first, Duration max, Duration giveUp) {
        return new WebhookSettings(allowPrivateTargets, timeout, first, max, giveUp, pollInterval, maxInFlight,
                maxInFlightPerTenant);
    }

    public WebhookSettings withTimeout(Duration value) {
        return new WebhookSettings(allowPrivateTargets, value, firstRetry, maxRetryDelay, giveUpAfter, pollInterval,
                maxInFlight, maxInFlightPerTenant);
    }

    public WebhookSettings withPollInterval(Duration value) {
        return new WebhookSettings(allowPrivateTargets, timeout, firstRetry, maxRetryDelay, giveUpAfter, value,
                maxInFlight, maxInFlightPerTenant);
    }

    /** The delay after the {@code failures}-th failed attempt, before jitter. */
    Duration retryDelay(int failures) {
        Duration delay = firstRetry;
        for (int i = 1; i < failures && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    /** How long a claim lasts: an attempt's timeout with ample margin, so no other node retries it meanwhile. */
    Duration claimLease() {
        return timeout.multipliedBy(3);
    }
}
