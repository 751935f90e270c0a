package dev.turnengine.adapter.http.request;

import dev.turnengine.adapter.http.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;

/** Reads whole numbers from query parameters and headers: plain decimal digits in a range, else a 400. */
public final class QueryNumbers {

    private static final int MAX_DIGITS = 18;

    private QueryNumbers() {
    }

    /** The number {@code text} writes, {@code fallback} when it is absent, or a 400 naming {@code name}. */
    public static int parse(String name, @Nullable String text, int fallback, int min, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        long value = parseLong(name, text);
        if (value < min || value > max) {
            throw ProblemException.invalid("'" + name + "' must be between " + min + " and " + max + ".");
        }
        return (int) value;
    }

    /** A non-negative decimal number of at most 18 digits, or a 400 naming {@code name}. */
    public static long parseLong(String name, String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.invalid("'" + name + "' must be a non-negative whole number.");
        }
        return Long.parseLong(text);
    }
}
