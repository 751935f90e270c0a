package dev.turnengine.domain.turn;

import java.util.Locale;
import java.util.Optional;

/** What a new message does when its conversation already has a turn active or queued. */
public enum BusyPolicy {
    /** Wait behind the turns accepted before it (the default). */
    ENQUEUE,
    /** Refuse the message; nothing is accepted. */
    REJECT,
    /** Interrupt the running turn; this one then runs after any turns already queued. */
    INTERRUPT;

    /** The policy named {@code text} on the wire, or empty when there is none of that name. */
    public static Optional<BusyPolicy> parse(String text) {
        for (BusyPolicy policy : values()) {
            if (policy.wireName().equals(text)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
