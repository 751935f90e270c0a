package dev.turnengine.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads an open {@code text/event-stream} response the way a browser does, on a virtual thread, and lets
 * a test wait for frames; knows whether the server ended the response or the connection broke.
 */
final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** How the response ended, if it has. */
    enum Ending { NONE, END_OF_STREAM, BROKEN }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private volatile Ending ending = Ending.NONE;

    SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next frame, failing the test if none comes in time or the stream ends first. */
    SseFrame next() {
        return nextOrEnd().orElseThrow(() -> new AssertionError("the stream ended (" + ending + ")"));
    }

    /** The next frame, or empty when the stream ended; fails the test if neither happens in time. */
    Optional<SseFrame> nextOrEnd() {
        try {
            Object item = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no frame within " + WAIT);
            }
            if (item instanceof SseFrame frame) {
                return Optional.of(frame);
            }
            frames.add(item);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame carrying an event (skipping hints and pings). */
    SseFrame nextEvent() {
        while (true) {
            SseFrame frame = next();
            if (frame.isEvent()) {
                return frame;
            }
        }
    }

    /** Events up to and including the first one {@code last} accepts. */
    List<SseFrame> eventsUntil(Predicate<SseFrame> last) {
        List<SseFrame> events = new ArrayList<>();
        while (true) {
            SseFrame frame = nextEvent();
            events.add(frame);
            if (last.test(frame)) {
                return events;
            }
        }
    }

    /** Events up to and including the first {@code final}. */
    List<SseFrame> eventsUntilFinal() {
        return eventsUntil(frame -> "final".equals(frame.event()));
    }

    /** Waits for the response to end and says how. */
    Ending awaitEnding() {
        while (nextOrEnd().isPresent()) {
            // skip what is left
        }
        return ending;
    }

    static JsonNode data(SseFrame frame) {
        try {
            return JSON.readTree(frame.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the connection, as a network failure or a closed tab would. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            String retry = null;
            StringBuilder data = null;
            List<String> comments = new ArrayList<>();
            boolean any = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (any) {
                        frames.add(new SseFrame(id, event, data == null ? null : data.toString(), retry,
                                List.copyOf(comments)));
                    }
                    id = null;
                    event = null;
                    retry = null;
                    data = null;
                    comments.clear();
                    any = false;
                    continue;
                }
                any = true;
                if (line.startsWith(":")) {
                    comments.add(line.substring(1).stripLeading());
                    continue;
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
            }
            ending = Ending.END_OF_STREAM;
        } catch (IOException e) {
            ending = Ending.BROKEN;
        }
        frames.add(ending);
    }
}
