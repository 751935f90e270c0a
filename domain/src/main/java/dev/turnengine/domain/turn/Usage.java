package dev.turnengine.domain.turn;

/** Token counts a model reported for one turn. */
public record Usage(long inputTokens, long outputTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Both counts added, e.g. over the model calls of one turn. */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
