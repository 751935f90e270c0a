package dev.turnengine.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A client of the engine's event streams, read without a thread of its own: the JDK client hands each
 * response's lines to a {@link SseConnection}. It is used three ways. {@link #open} keeps every frame, so a
 * test can read them one by one ({@link #next()}, {@link #eventsUntilFinal()}) and learn how the response ended.
 * {@link #reconnecting} behaves like a browser's {@code EventSource}: when a response ends or breaks it
 * connects again with {@code Last-Event-ID}, so the events it collects must stay gap-free and
 * duplicate-free. {@link #listen} hands each frame to a listener and keeps nothing, for load drivers that
 * hold thousands of streams.
 */
public final class SseClient implements AutoCloseable {

    /** How the response ended, if it has. */
    public enum Ending { NONE, END_OF_STREAM, BROKEN }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final ApiClient api;
    private final String path;
    private final Map<String, String> headers;
    private final boolean reconnect;
    private final Optional<Consumer<SseFrame>> listener;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final SseLog log;
    private volatile HttpHeaders responseHeaders;
    private volatile SseConnection current;
    private volatile boolean closed;
    private volatile boolean cut;

    private SseClient(ApiClient api, String path, Map<String, String> headers, boolean reconnect,
            Optional<Consumer<SseFrame>> listener) {
        this.api = api;
        this.path = path;
        this.headers = new LinkedHashMap<>(headers);
        this.reconnect = reconnect;
        this.listener = listener;
        this.log = new SseLog(path);
    }

    /** Opens {@code pathAndQuery} with extra headers (name, value …); fails the test unless it answers 200. */
    public static SseClient open(ApiClient api, String pathAndQuery, String... headers) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            extra.put(headers[i], headers[i + 1]);
        }
        return new SseClient(api, pathAndQuery, extra, false, Optional.empty()).awaitOpen();
    }

    /** Opens a conversation's stream once: live from the next event, or replaying after {@code after}. */
    public static SseClient ofConversation(ApiClient api, String conversationId, OptionalLong after) {
        return new SseClient(api, ApiClient.streamOf(conversationId), cursor(after), false, Optional.empty())
                .awaitOpen();
    }

    /** Opens a conversation's stream after {@code after} that reconnects with {@code Last-Event-ID} until closed. */
    public static SseClient reconnecting(ApiClient api, String conversationId, long after) {
        return new SseClient(api, ApiClient.streamOf(conversationId), cursor(OptionalLong.of(after)), true,
                Optional.empty()).awaitOpen();
    }

    /** Starts opening {@code pathAndQuery} and returns at once; each event goes to {@code listener}, none is kept. */
    public static SseClient listen(ApiClient api, String pathAndQuery, Consumer<SseFrame> listener) {
        SseClient client = new SseClient(api, pathAndQuery, Map.of(), false, Optional.of(listener));
        client.connect();
        return client;
    }

    /** The data of an event frame as JSON. */
    public static JsonNode data(SseFrame frame) {
        return frame.json();
    }

    /** Completes when the first frame (the server's {@code retry:} hint) has arrived: the stream is open. */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    /** The headers of the latest response. */
    public HttpHeaders headers() {
        return responseHeaders;
    }

    /** The next frame, failing the test if none comes in time or the stream ends first. */
    public SseFrame next() {
        return nextOrEnd().orElseThrow(() -> new AssertionError("the stream ended (" + ending() + ")"));
    }

    /** The next frame, or empty when the stream ended; fails the test if neither happens in time. */
    public Optional<SseFrame> nextOrEnd() {
        return log.nextOrEnd(WAIT);
    }

    /** The next frame carrying an event (skipping hints and pings). */
    public SseFrame nextEvent() {
        while (true) {
            SseFrame frame = next();
            if (frame.isEvent()) {
                return frame;
            }
        }
    }

    /** Events up to and including the first one {@code last} accepts. */
    public List<SseFrame> eventsUntil(Predicate<SseFrame> last) {
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
    public List<SseFrame> eventsUntilFinal() {
        return eventsUntil(SseFrame::isFinal);
    }

    /** Waits for the response to end and says how. */
    public Ending awaitEnding() {
        while (nextOrEnd().isPresent()) {
            // skip what is left
        }
        return ending();
    }

    /** How the response ended so far; a reconnecting stream ends only when closed. */
    public Ending ending() {
        return log.ending();
    }

    /** Whether the stream ended before {@link #close()} was called (the server ended it, or it failed). */
    public boolean wasCut() {
        return cut;
    }

    /** Every event received so far, in order of arrival. */
    public List<SseFrame> events() {
        return log.events();
    }

    /** The events of one turn received so far. */
    public List<SseFrame> eventsOf(String turnId) {
        return events().stream().filter(event -> event.turnId().equals(turnId)).toList();
    }

    /** How many times a response was opened (1 for a stream that never had to reconnect). */
    public int connections() {
        return connections.get();
    }

    /** Statuses and bodies of connection attempts that were refused or failed. */
    public List<String> refusals() {
        return log.refusals();
    }

    /** Waits for the first event that matches; fails the test after {@code timeout}. */
    public SseFrame await(Predicate<SseFrame> condition, Duration timeout, String what) {
        return log.awaitMatch(() -> events().stream().filter(condition).findFirst(), timeout, what);
    }

    /** The {@code final} event of a turn, waiting for it. */
    public SseFrame awaitFinal(String turnId, Duration timeout) {
        return await(event -> event.isFinal() && event.turnId().equals(turnId), timeout, "final of turn " + turnId);
    }

    /** Waits until every one of the turns has had its {@code final}. */
    public void awaitFinals(Collection<String> turnIds, Duration timeout) {
        Set<String> wanted = Set.copyOf(turnIds);
        log.awaitMatch(() -> {
            List<SseFrame> finals = events().stream().filter(SseFrame::isFinal).toList();
            return finals.stream().map(SseFrame::turnId).collect(Collectors.toSet()).containsAll(wanted)
                    ? Optional.of(finals.getLast()) : Optional.empty();
        }, timeout, "finals of all " + wanted.size() + " turns");
    }

    /** Waits for the {@code count}-th {@code text_delta} of a turn. */
    public SseFrame awaitDeltas(String turnId, int count, Duration timeout) {
        return log.awaitMatch(() -> {
            List<SseFrame> deltas = eventsOf(turnId).stream().filter(e -> e.type().equals("text_delta")).toList();
            return deltas.size() >= count ? Optional.of(deltas.get(count - 1)) : Optional.empty();
        }, timeout, count + " deltas of turn " + turnId);
    }

    /** Drops the connection, as a network failure or a closed tab would; a reconnecting stream stops. */
    @Override
    public void close() {
        closed = true;
        Optional.ofNullable(current).ifPresent(SseConnection::cancel);
        log.wake();
    }

    private static Map<String, String> cursor(OptionalLong after) {
        return after.isPresent() ? Map.of("Last-Event-ID", Long.toString(after.getAsLong())) : Map.of();
    }

    private SseClient awaitOpen() {
        try {
            int status = connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (status != 200) {
                throw new AssertionError("the stream at " + path + " did not open: " + refusals());
            }
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError("the stream at " + path + " did not open: " + refusals(), e);
        }
    }

    /** Sends one request from the last event received; completes with its status (-1 when it failed). */
    private CompletableFuture<Integer> connect() {
        HttpRequest.Builder request = api.request(path).timeout(Duration.ofDays(1))
                .header("Accept", "text/event-stream");
        Map<String, String> now = new LinkedHashMap<>(headers);
        log.lastId().ifPresent(id -> now.put("Last-Event-ID", id));
        now.forEach(request::header);
        SseConnection connection = SseConnection.send(api.http(), request.GET().build(), new SseConnection.Events() {
            @Override
            public void opened(HttpHeaders value) {
                responseHeaders = value;
                connections.incrementAndGet();
            }

            @Override
            public void frame(SseFrame frame) {
                received(frame);
            }

            @Override
            public void refused(String why) {
                log.refuse(why);
            }

            @Override
            public void ended(Ending how) {
                connectionEnded(how);
            }
        });
        current = connection;
        if (closed) {
            connection.cancel();
        }
        return connection.status();
    }

    private void received(SseFrame frame) {
        opened.complete(null);
        listener.ifPresentOrElse(consumer -> {
            if (frame.isEvent()) {
                consumer.accept(frame);
            }
        }, () -> log.add(frame));
    }

    private void connectionEnded(Ending how) {
        if (reconnect && !closed) {
            Thread.ofVirtual().name("sse-reconnect").start(() -> {
                try {
                    Thread.sleep(RECONNECT_PAUSE);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    connect();
                }
            });
            return;
        }
        cut = !closed;
        opened.completeExceptionally(new IllegalStateException("the stream ended: " + how));
        log.end(how);
    }
}
