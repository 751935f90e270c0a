package dev.turnengine.domain.event;

/**
 * Something that happened to a turn, in the order a client sees it: {@code turn_accepted},
 * {@code turn_started}, any number of {@code text_delta}, and exactly one {@code final}.
 */
public sealed interface TurnEvent permits TurnAccepted, TurnStarted, TextDelta, TurnFinal {

    /** The event type as written on the wire ({@code event:} of the stream). */
    default String type() {
        return switch (this) {
            case TurnAccepted accepted -> "turn_accepted";
            case TurnStarted started -> "turn_started";
            case TextDelta delta -> "text_delta";
            case TurnFinal ending -> "final";
        };
    }
}
