package dev.turnengine.testkit.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the lines of one event-stream response into frames, as the HTML standard's parser does. */
final class SseParser {

    private String id;
    private String event;
    private String retry;
    private StringBuilder data;
    private final List<String> comments = new ArrayList<>();
    private boolean any;

    /** Takes one line; returns the frame a blank line completes. */
    Optional<SseFrame> line(String line, long nowNanos) {
        if (line.isEmpty()) {
            Optional<SseFrame> frame = any
                    ? Optional.of(new SseFrame(id, event, data == null ? null : data.toString(), retry, comments,
                            nowNanos))
                    : Optional.empty();
            id = null;
            event = null;
            retry = null;
            data = null;
            comments.clear();
            any = false;
            return frame;
        }
        any = true;
        if (line.startsWith(":")) {
            comments.add(line.substring(1).stripLeading());
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "retry" -> retry = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { }
        }
        return Optional.empty();
    }
}
