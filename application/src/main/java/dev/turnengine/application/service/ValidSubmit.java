package dev.turnengine.application.service;

import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.UserMessage;
import java.util.Optional;

/** A submit that passed every check: domain values only. */
record ValidSubmit(UserMessage message, String source, BusyPolicy onBusy, Optional<IdempotencyKey> key) {

    Fingerprint fingerprint() {
        return Fingerprint.of(message, source, onBusy);
    }
}
