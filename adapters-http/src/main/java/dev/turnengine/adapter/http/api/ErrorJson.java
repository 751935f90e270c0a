package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.turn.TurnError;

/** Why a turn failed or was cut short. */
record ErrorJson(String code, String message) {

    static ErrorJson from(TurnError error) {
        return new ErrorJson(error.code(), error.message());
    }
}
