package dev.turnengine.domain.event;

/**
 * Something that happened to a turn, in the order a client sees it: {@code turn_accepted},
 * {@code turn_started}, any mix of {@code text_delta} and tool events ({@code tool_call}, {@code tool_decision},
 * {@code tool_result}), and exactly one {@code final}.
 */
public sealed interface TurnEvent permits TurnAccepted, TurnStarted, TextDelta, ToolEvent, TurnFinal {

    /** The event type as written on the wire ({@code event:} of the stream). */
    default String type() {
        return switch (this) {
            case TurnAccepted accepted -> "turn_accepted";
            case TurnStarted started -> "turn_started";
            case TextDelta delta -> "text_delta";
            case ToolCallEvent call -> "tool_call";
            case ToolDecisionEvent decision -> "tool_decision";
            case ToolResultEvent result -> "tool_result";
            case TurnFinal ending -> "final";
        };
    }
}
