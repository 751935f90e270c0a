package dev.turnengine.adapter.http;

import java.util.List;

/**
 * One block of an event stream as a client parses it, up to its blank line.
 *
 * @param id the {@code id:} field, or null
 * @param event the {@code event:} field, or null
 * @param data the {@code data:} lines joined with newlines, or null when there were none
 * @param retry the {@code retry:} field, or null
 * @param comments the comment lines, without the leading colon and space
 */
record SseFrame(String id, String event, String data, String retry, List<String> comments) {

    boolean isEvent() {
        return data != null;
    }

    boolean isPing() {
        return data == null && comments.contains("ping");
    }
}
