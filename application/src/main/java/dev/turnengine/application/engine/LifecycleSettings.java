package dev.turnengine.application.engine;

import dev.turnengine.application.webhook.WebhookSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long conversations are kept and how webhooks are delivered.
 *
 * @param retention conversations idle longer than this are deleted; empty keeps them
 * @param cleanupInterval how often the cleanup (retention, unfinished deletions) runs
 */
public record LifecycleSettings(Optional<Duration> retention, Duration cleanupInterval, WebhookSettings webhooks) {

    public LifecycleSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(cleanupInterval, "cleanupInterval");
        Objects.requireNonNull(webhooks, "webhooks");
        retention.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("retention must be positive");
            }
        });
    }

    /** Keep everything; clean up every minute; default webhook delivery. */
    public static LifecycleSettings defaults() {
        return new LifecycleSettings(Optional.empty(), Duration.ofMinutes(1), WebhookSettings.defaults());
    }

    public LifecycleSettings withRetention(Optional<Duration> value) {
        return new LifecycleSettings(value, cleanupInterval, webhooks);
    }

    public LifecycleSettings withCleanupInterval(Duration value) {
        return new LifecycleSettings(retention, value, webhooks);
    }

    public LifecycleSettings withWebhooks(WebhookSettings value) {
        return new LifecycleSettings(retention, cleanupInterval, value);
    }
}
