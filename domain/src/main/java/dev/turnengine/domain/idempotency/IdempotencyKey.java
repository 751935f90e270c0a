package dev.turnengine.domain.idempotency;

import dev.turnengine.domain.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/** A client's token for one logical submit: 1-255 printable ASCII characters. */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidInputException("an idempotency key is 1-255 printable ASCII characters");
        }
    }

    /** The key {@code text} names, or empty when it is not a valid key. */
    public static Optional<IdempotencyKey> parse(String text) {
        return text != null && isValid(text) ? Optional.of(new IdempotencyKey(text)) : Optional.empty();
    }

    private static boolean isValid(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
