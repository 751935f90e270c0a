package dev.turnengine.domain.event;

import dev.turnengine.domain.tool.ToolDecision;
import java.util.Objects;

/** A person approved or denied a call that needed it, or nobody answered in time ({@code tool_decision}). */
public record ToolDecisionEvent(String callId, ToolDecision decision) implements ToolEvent {

    public ToolDecisionEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(decision, "decision");
    }
}
