package dev.turnengine.adapter.telemetry.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one label may take: a fixed set, plus (when {@code open}) up to a bound of further values seen at
 * run time, each lower-case {@code [a-z0-9_.-]}, at most 64 characters; anything else is {@code other}. So a label
 * stays a small closed set whatever a caller passes.
 */
final class BoundedLabel {

    static final String OTHER = "other";
    private static final int MAX_LENGTH = 64;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final int maxExtra;
    private final Set<String> extra = ConcurrentHashMap.newKeySet();

    private BoundedLabel(Set<String> fixed, int maxExtra) {
        this.known.addAll(fixed);
        this.maxExtra = maxExtra;
    }

    /** Exactly these values; anything else is {@code other}. */
    static BoundedLabel closed(String... values) {
        return new BoundedLabel(Set.of(values), 0);
    }

    /** These values and at most {@code maxExtra} more, first come first kept. */
    static BoundedLabel open(int maxExtra, String... values) {
        return new BoundedLabel(Set.of(values), maxExtra);
    }

    String of(String value) {
        if (value == null) {
            return OTHER;
        }
        if (known.contains(value) || extra.contains(value)) {
            return value;
        }
        if (maxExtra == 0 || value.isEmpty() || value.length() > MAX_LENGTH || !isPlain(value)) {
            return OTHER;
        }
        synchronized (extra) {
            if (extra.size() >= maxExtra && !extra.contains(value)) {
                return OTHER;
            }
            extra.add(value);
        }
        return value;
    }

    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!plain || Character.toLowerCase(c) != c) {
                return false;
            }
        }
        return value.toLowerCase(Locale.ROOT).equals(value);
    }
}
