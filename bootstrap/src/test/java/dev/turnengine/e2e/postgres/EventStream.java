package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A client of {@code GET /v1/api/conversations/{id}/stream}, read on a virtual thread. A reconnecting
 * stream behaves like a browser's {@code EventSource}: when the response ends or fails it connects again
 * with {@code Last-Event-ID}, so the events it collects must still be gap-free and duplicate-free.
 */
final class EventStream implements AutoCloseable {

    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final TurnsClient client;
    private final String conversationId;
    private final OptionalLong initialCursor;
    private final boolean reconnect;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<StreamedEvent> events = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private volatile InputStream body;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile int connections;
    private Thread reader;

    private EventStream(TurnsClient client, String conversationId, OptionalLong initialCursor, boolean reconnect) {
        this.client = client;
        this.conversationId = conversationId;
        this.initialCursor = initialCursor;
        this.reconnect = reconnect;
    }

    /** Opens a stream once: live from the next event, or replaying after {@code after} when given. */
    static EventStream open(TurnsClient client, String conversationId, OptionalLong after) {
        return start(new EventStream(client, conversationId, after, false));
    }

    /** Opens a stream after {@code after} that reconnects with {@code Last-Event-ID} until closed. */
    static EventStream reconnecting(TurnsClient client, String conversationId, long after) {
        return start(new EventStream(client, conversationId, OptionalLong.of(after), true));
    }

    private static EventStream start(EventStream stream) {
        InputStream first = stream.connect().orElseThrow(() -> new AssertionError(
                "the stream did not open: " + stream.refusals()));
        stream.reader = Thread.ofVirtual().name("sse-" + stream.conversationId).start(() -> stream.run(first));
        return stream;
    }

    /** Every event received so far, in order of arrival. */
    synchronized List<StreamedEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one turn received so far. */
    List<StreamedEvent> eventsOf(String turnId) {
        return events().stream().filter(event -> event.turnId().equals(turnId)).toList();
    }

    /** How many times a response was opened (1 for a stream that never had to reconnect). */
    int connections() {
        return connections;
    }

    /** Statuses and bodies of connection attempts that were refused. */
    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Waits for the first event that matches; fails the test after {@code timeout}. */
    StreamedEvent await(Predicate<StreamedEvent> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Optional<StreamedEvent> match = events.stream().filter(condition).findFirst();
                if (match.isPresent()) {
                    return match.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no %s on the stream of %s within %s; received %s, refused %s", what, conversationId,
                            timeout, summary(events), refusals);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** The {@code final} event of a turn, waiting for it. */
    StreamedEvent awaitFinal(String turnId, Duration timeout) {
        return await(event -> event.isFinal() && event.turnId().equals(turnId), timeout, "final of turn " + turnId);
    }

    /** Waits until every one of the turns has had its {@code final}. */
    void awaitFinals(Collection<String> turnIds, Duration timeout) {
        Set<String> wanted = Set.copyOf(turnIds);
        await(event -> finalsSeen().containsAll(wanted), timeout, "finals of all " + wanted.size() + " turns");
    }

    /** Waits for the n-th {@code text_delta} of a turn. */
    StreamedEvent awaitDeltas(String turnId, int count, Duration timeout) {
        return await(event -> eventsOf(turnId).stream().filter(e -> e.type().equals("text_delta")).count() >= count
                && event.turnId().equals(turnId), timeout, count + " deltas of turn " + turnId);
    }

    /** Whether a non-reconnecting stream's response has ended. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        closed = true;
        InputStream current = body;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing a cancelled response may complain; it is closed either way
            }
        }
        if (reader != null) {
            reader.interrupt();
        }
    }

    private synchronized Set<String> finalsSeen() {
        return events.stream().filter(StreamedEvent::isFinal).map(StreamedEvent::turnId).collect(Collectors.toSet());
    }

    private void run(InputStream first) {
        InputStream current = first;
        while (!closed) {
            if (current != null) {
                read(current);
            }
            if (!reconnect || closed) {
                break;
            }
            sleep(RECONNECT_PAUSE);
            current = connect().orElse(null);
        }
        ended = true;
        synchronized (this) {
            notifyAll();
        }
    }

    /** Opens one response from the last event received (or the initial cursor); empty when refused. */
    private Optional<InputStream> connect() {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        client.base().resolve("/v1/api/conversations/" + conversationId + "/stream"))
                .header("Authorization", "Bearer " + client.token())
                .header("Accept", "text/event-stream")
                .GET();
        OptionalLong cursor = lastSeq();
        if (cursor.isPresent()) {
            request.header("Last-Event-ID", Long.toString(cursor.getAsLong()));
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text;
                try (InputStream refused = response.body()) {
                    text = new String(refused.readAllBytes(), StandardCharsets.UTF_8);
                }
                refused(response.statusCode() + " " + text);
                return Optional.empty();
            }
            connections++;
            body = response.body();
            if (closed) {
                body.close();
                return Optional.empty();
            }
            return Optional.of(response.body());
        } catch (IOException e) {
            refused("connection failed: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private synchronized OptionalLong lastSeq() {
        return events.isEmpty() ? initialCursor : OptionalLong.of(events.getLast().seq());
    }

    private synchronized void refused(String why) {
        refusals.add(why);
    }

    private void read(InputStream input) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received(id, type, data.toString());
                    }
                    id = null;
                    type = "message";
                    data = null;
                } else if (line.startsWith(":")) {
                    continue; // a comment: the server's keep-alive ping
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry: hints and unknown fields
                        }
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                refused("stream broke: " + e);
            }
        }
    }

    private void received(String id, String type, String data) {
        long arrived = System.nanoTime();
        JsonNode json;
        try {
            json = TurnsClient.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new AssertionError("event data is not JSON: " + data, e);
        }
        StreamedEvent event = new StreamedEvent(Long.parseLong(id), type, json.path("turn_id").asText(), json, arrived);
        synchronized (this) {
            events.add(event);
            notifyAll();
        }
    }

    private static String summary(List<StreamedEvent> events) {
        return events.stream().map(event -> event.seq() + ":" + event.type()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
