package dev.turnengine.application.port.in;

import java.util.Locale;
import java.util.Objects;

/** Why a request was refused; a refused request changed nothing. */
public record Refusal(Reason reason, String detail) {

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of refusal, each with the stable code clients see. */
    public enum Reason {
        NOT_FOUND,
        INVALID_REQUEST,
        PAYLOAD_TOO_LARGE,
        CONVERSATION_BUSY,
        BROWSER_NOT_CONNECTED,
        IDEMPOTENCY_KEY_REUSED,
        /** In-memory storage's budget for attachment bytes is used up (turns not yet ended hold it). */
        INSUFFICIENT_STORAGE;

        /** The machine-readable code, e.g. {@code conversation_busy}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Reason.NOT_FOUND, detail);
    }

    public static Refusal invalid(String detail) {
        return new Refusal(Reason.INVALID_REQUEST, detail);
    }
}
