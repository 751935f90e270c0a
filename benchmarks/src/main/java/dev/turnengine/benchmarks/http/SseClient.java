package dev.turnengine.benchmarks.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One event stream read with the JDK HTTP client, without a thread of its own: lines arrive through a
 * {@link Flow.Subscriber}, and each complete event goes to the listener with the time it arrived.
 */
public final class SseClient implements Flow.Subscriber<String> {

    /** Receives the events of a stream. */
    @FunctionalInterface
    public interface Listener {

        /** A complete event: its {@code event:} type and {@code data:} text, and {@link System#nanoTime()} at arrival. */
        void onEvent(String type, String data, long arrivedNanos);
    }

    private final Listener listener;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closing;
    private volatile boolean cut;
    private String type = "message";
    private StringBuilder data;

    private SseClient(Listener listener) {
        this.listener = listener;
    }

    /** Opens the live stream of a conversation. */
    public static SseClient open(ApiClient api, String conversationId, Listener listener) {
        SseClient client = new SseClient(listener);
        HttpRequest request = HttpRequest.newBuilder(api.base().resolve(
                        "/v1/api/conversations/" + conversationId + "/stream"))
                .timeout(Duration.ofHours(1))
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        api.http().sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(client))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        client.opened.completeExceptionally(error);
                        client.ended.completeExceptionally(error);
                    } else if (response.statusCode() != 200) {
                        IllegalStateException refused = new IllegalStateException(
                                "the stream answered " + response.statusCode());
                        client.opened.completeExceptionally(refused);
                        client.ended.completeExceptionally(refused);
                    } else {
                        client.ended.complete(null);
                    }
                });
        return client;
    }

    /** Completes when the server's first line (the {@code retry:} hint) has arrived: the stream is open. */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    /** Whether the stream ended before {@link #close()} was called (the server ended it, or it failed). */
    public boolean wasCut() {
        return cut;
    }

    /** Closes the connection. */
    public void close() {
        closing = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        value.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        long now = System.nanoTime();
        opened.complete(null);
        if (line.isEmpty()) {
            if (data != null) {
                listener.onEvent(type, data.toString(), now);
            }
            type = "message";
            data = null;
        } else if (line.startsWith("event:")) {
            type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            String value = line.substring(5);
            value = value.startsWith(" ") ? value.substring(1) : value;
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        cut = !closing;
        opened.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        cut = !closing;
        opened.completeExceptionally(new IllegalStateException("the stream ended"));
    }

    /** The value of a string field in an event's JSON data, found without a JSON parser. */
    public static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }
}
