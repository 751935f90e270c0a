package dev.turnengine.testkit.http;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One response of an event stream, read through the JDK client's line subscriber: reports its headers,
 * each frame, a refusal, and how it ended, to the {@link SseClient} that sent it.
 */
final class SseConnection implements Flow.Subscriber<String> {

    /** What a connection reports. */
    interface Events {

        void opened(HttpHeaders headers);

        void frame(SseFrame frame);

        void refused(String why);

        void ended(SseClient.Ending how);
    }

    private final Events events;
    private final SseParser parser = new SseParser();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    private SseConnection(Events events) {
        this.events = events;
    }

    /** Sends {@code request}; the connection's {@link #status()} completes when its headers arrive. */
    static SseConnection send(HttpClient http, HttpRequest request, Events events) {
        SseConnection connection = new SseConnection(events);
        http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                    events.refused(info.statusCode() + " " + body);
                    connection.status.complete(info.statusCode());
                    events.ended(SseClient.Ending.BROKEN);
                    return null;
                });
            }
            events.opened(info.headers());
            connection.status.complete(200);
            return BodySubscribers.fromLineSubscriber(connection, lines -> null, StandardCharsets.UTF_8, null);
        }).whenComplete((response, error) -> {
            if (error != null && !connection.status.isDone()) {
                events.refused("connection failed: " + error);
                connection.status.complete(-1);
                events.ended(SseClient.Ending.BROKEN);
            }
        });
        return connection;
    }

    /** The response's status once its headers arrived; -1 when the request failed before. */
    CompletableFuture<Integer> status() {
        return status;
    }

    /** Closes the connection; nothing more is reported. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        if (cancelled) {
            value.cancel();
        } else {
            value.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        parser.line(line, System.nanoTime()).ifPresent(events::frame);
    }

    @Override
    public void onError(Throwable failure) {
        events.ended(SseClient.Ending.BROKEN);
    }

    @Override
    public void onComplete() {
        events.ended(SseClient.Ending.END_OF_STREAM);
    }
}
