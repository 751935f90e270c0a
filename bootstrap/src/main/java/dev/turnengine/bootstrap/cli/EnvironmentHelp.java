package dev.turnengine.bootstrap.cli;

import dev.turnengine.bootstrap.config.Setting;
import java.util.ArrayList;
import java.util.List;

/** The {@code --help} section listing every {@link Setting}: the variable, then its meaning wrapped beside it. */
final class EnvironmentHelp {

    private static final String INDENT = "  ";
    private static final int NAME_COLUMN = INDENT.length()
            + Setting.variables().stream().mapToInt(String::length).max().orElse(0) + 2;

    private EnvironmentHelp() {
    }

    /** The section's lines, none longer than {@code width} (unless a single word is). */
    static List<String> lines(int width) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Environment:");
        section(lines, width, false);
        lines.add("");
        lines.add("Model providers (read when TURNS_AGENT is openai, anthropic or ollama):");
        section(lines, width, true);
        return lines;
    }

    private static void section(List<String> lines, int width, boolean modelProvider) {
        for (Setting setting : Setting.values()) {
            if (setting.isModelProvider() != modelProvider) {
                continue;
            }
            String text = setting.meaning();
            if (!setting.defaultValue().isEmpty()) {
                text += " (default: " + setting.defaultValue() + ")";
            } else if (!text.contains("unset")) {
                text += " (default: unset)";
            }
            List<String> wrapped = wrap(text, Math.max(20, width - NAME_COLUMN));
            lines.add(pad(INDENT + setting.variable()) + wrapped.getFirst());
            wrapped.subList(1, wrapped.size()).forEach(line -> lines.add(" ".repeat(NAME_COLUMN) + line));
        }
    }

    private static String pad(String name) {
        return name + " ".repeat(NAME_COLUMN - name.length());
    }

    /** Breaks {@code text} between words into lines of at most {@code width} characters. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
