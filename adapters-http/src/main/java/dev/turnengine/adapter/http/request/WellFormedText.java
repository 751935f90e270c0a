package dev.turnengine.adapter.http.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.adapter.http.problem.ProblemException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Refuses JSON whose strings or keys are not valid Unicode: a lone surrogate (written {@code "\ud800"})
 * would be stored as is and come back as {@code ?} from one reader and raw from another.
 */
final class WellFormedText {

    private WellFormedText() {
    }

    /** Walks every string and key of {@code root}; a 400 naming the first bad one's place. */
    static void check(JsonNode root) {
        Deque<Entry> pending = new ArrayDeque<>();
        pending.push(new Entry("", root));
        while (!pending.isEmpty()) {
            Entry entry = pending.pop();
            JsonNode node = entry.node();
            if (node.isTextual()) {
                requireWellFormed(node.textValue(), entry.path());
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    requireWellFormed(field.getKey(), entry.path().isEmpty() ? "a key" : "a key in '" + entry.path() + "'");
                    pending.push(new Entry(join(entry.path(), field.getKey()), field.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.push(new Entry(entry.path() + "[" + i + "]", node.get(i)));
                }
            }
        }
    }

    private static void requireWellFormed(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ProblemException.invalid("'" + abbreviate(where) + "' is not valid Unicode: it holds a lone "
                        + "surrogate (\\u" + Integer.toHexString(c) + ").");
            }
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private record Entry(String path, JsonNode node) {
    }
}
