package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.turn.Usage;

/** Token counts the model reported for a turn. */
record UsageJson(long inputTokens, long outputTokens) {

    static UsageJson from(Usage usage) {
        return new UsageJson(usage.inputTokens(), usage.outputTokens());
    }
}
