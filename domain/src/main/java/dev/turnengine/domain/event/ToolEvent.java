package dev.turnengine.domain.event;

/** The events of a tool call: the call, a person's decision on it, and its result, each naming the call's id. */
public sealed interface ToolEvent extends TurnEvent permits ToolCallEvent, ToolDecisionEvent, ToolResultEvent {

    /** The id of the call this event is about. */
    String callId();
}
