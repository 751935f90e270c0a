package dev.turnengine.bootstrap.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds {@code TURNS_*} variables that are no {@link Setting} (the server would silently ignore them) and
 * names, for each, the setting it most likely misspells.
 */
public final class MisspelledVariables {

    private static final String PREFIX = "TURNS_";
    /** Edits (insert, delete, replace a character) up to which a name counts as a misspelling of a setting. */
    private static final int MAX_EDITS = 3;

    private static final Set<String> KNOWN = Set.copyOf(
            Stream.concat(Setting.variables().stream(), Setting.TOOLING_VARIABLES.stream()).toList());

    private MisspelledVariables() {
    }

    /** One warning line per unknown {@code TURNS_*} variable in {@code env}, sorted by name. */
    public static List<String> warnings(Map<String, String> env) {
        return env.keySet().stream()
                .filter(name -> name.toUpperCase(Locale.ROOT).startsWith(PREFIX) && !KNOWN.contains(name))
                .sorted()
                .map(MisspelledVariables::warning)
                .toList();
    }

    private static String warning(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String closest = Setting.variables().stream()
                .min(Comparator.comparingInt((String known) -> distance(upper, known)).thenComparing(known -> known))
                .orElseThrow();
        String ignored = name + " is not a setting and is ignored";
        return distance(upper, closest) <= MAX_EDITS
                ? ignored + "; did you mean " + closest + "?"
                : ignored + " (--help lists the settings; the closest is " + closest + ")";
    }

    /** The Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
