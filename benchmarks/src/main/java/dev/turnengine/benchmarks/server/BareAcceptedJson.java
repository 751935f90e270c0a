package dev.turnengine.benchmarks.server;

import java.util.UUID;

/** A made-up 202 answer of the same shape and size as the real {@code POST …/messages} answer. */
record BareAcceptedJson(boolean accepted, boolean idempotent, String streamUrl, String turnId) {

    static BareAcceptedJson random() {
        String turnId = UUID.randomUUID().toString();
        return new BareAcceptedJson(true, false,
                "/v1/api/conversations/" + UUID.randomUUID() + "/stream?turn_id=" + turnId, turnId);
    }
}
