package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.turn.Turn;

/**
 * The answer to a submitted message: the turn it started (or, for a repeated key, started before).
 *
 * @param idempotent true when an earlier submit with the same key and payload is being answered
 * @param streamUrl a path on this server that replays the turn from its first event and ends after its final
 */
record MessageAcceptedJson(boolean accepted, boolean idempotent, String streamUrl, String turnId) {

    static MessageAcceptedJson from(Turn turn, boolean idempotent) {
        return new MessageAcceptedJson(true, idempotent, ApiPaths.turnStream(turn), turn.id().toString());
    }
}
