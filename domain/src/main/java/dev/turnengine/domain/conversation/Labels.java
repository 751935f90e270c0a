package dev.turnengine.domain.conversation;

import dev.turnengine.domain.InvalidInputException;
import java.util.regex.Pattern;

/** Short names such as agents, channels and turn sources: 1-64 printable characters, no spaces. */
public final class Labels {

    private static final Pattern LABEL = Pattern.compile("[\\x21-\\x7E]{1,64}");

    private Labels() {
    }

    /** Whether {@code value} may be used as a label. */
    public static boolean isLabel(String value) {
        return value != null && LABEL.matcher(value).matches();
    }

    /** Returns {@code value}, or throws naming {@code what} when it is not a label. */
    public static String requireLabel(String what, String value) {
        if (!isLabel(value)) {
            throw new InvalidInputException(what + " must be 1-64 printable ASCII characters without spaces");
        }
        return value;
    }
}
