package dev.turnengine.domain.tool;

import java.util.Objects;
import java.util.Optional;

/**
 * A person's answer to a tool call that needs approval.
 *
 * @param approved whether the call may run
 * @param reason why, as the person wrote it; a denial's reason reaches the model
 */
public record ToolDecision(boolean approved, Optional<String> reason) implements ToolAnswer {

    /** Longest reason accepted, in characters. */
    public static final int MAX_REASON_LENGTH = 4_000;

    public ToolDecision {
        Objects.requireNonNull(reason, "reason");
        if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a reason is at most " + MAX_REASON_LENGTH + " characters");
        }
    }

    public static ToolDecision approve(Optional<String> reason) {
        return new ToolDecision(true, reason);
    }

    public static ToolDecision deny(Optional<String> reason) {
        return new ToolDecision(false, reason);
    }

    /** {@code approve} or {@code deny}, as written on the wire. */
    public String wireName() {
        return approved ? "approve" : "deny";
    }

    /** The decision spelled {@code approve} or {@code deny}; empty for anything else. */
    public static Optional<Boolean> parseApproval(String wire) {
        return switch (wire) {
            case "approve" -> Optional.of(true);
            case "deny" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
