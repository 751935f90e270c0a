package dev.turnengine.domain.port;

import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import java.time.Instant;
import java.util.Objects;

/** An idempotency key a submit wants to record with its new turn, and until when it deduplicates. */
public record KeyClaim(IdempotencyKey key, Fingerprint fingerprint, Instant expiresAt) {

    public KeyClaim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
