package dev.turnengine.domain.agent;

/**
 * How many model calls one turn may make ({@code TURNS_MAX_TOOL_STEPS}); every round of tool calls costs one more.
 * A model that keeps calling tools past it fails the turn with {@code too_many_tool_steps}.
 */
public record ToolStepLimit(int maxModelCalls) {

    /** The code of the failure when the limit is reached. */
    public static final String TOO_MANY_TOOL_STEPS = "too_many_tool_steps";

    /** The default of {@code TURNS_MAX_TOOL_STEPS}. */
    public static final ToolStepLimit DEFAULT = new ToolStepLimit(25);

    public ToolStepLimit {
        if (maxModelCalls < 1) {
            throw new IllegalArgumentException("a turn must be allowed at least one model call");
        }
    }

    /** Whether a turn that has made {@code modelCalls} calls may make another. */
    public boolean allowsAnother(int modelCalls) {
        return modelCalls < maxModelCalls;
    }

    /** The failure that ends a turn whose model wants more tool rounds than the limit allows. */
    public AgentException exceeded() {
        return new AgentException(TOO_MANY_TOOL_STEPS, "The agent made " + maxModelCalls
                + " model calls in this turn and still wanted to call tools; the turn was stopped."
                + " Raise TURNS_MAX_TOOL_STEPS if such turns are expected.");
    }
}
