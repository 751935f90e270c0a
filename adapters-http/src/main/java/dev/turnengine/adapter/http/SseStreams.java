package dev.turnengine.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.domain.event.JournalEvent;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open event streams: makes each one with the configured bounds and ends them all cleanly when the
 * server shuts down, so that clients reconnect with their last event id.
 */
@Singleton
final class SseStreams implements GracefulShutdownCapable {

    private final ObjectMapper mapper;
    private final HttpSettings settings;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    SseStreams(ObjectMapper mapper, HttpSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
    }

    /** A new stream, registered until it finishes. */
    SseStream open() {
        SseStream stream = new SseStream(this::frame, settings.sseBufferBytes(), settings.pingInterval(),
                settings.retryHint(), this::finished);
        open.add(stream);
        if (shuttingDown) {
            stream.finish();
        }
        return stream;
    }

    /** How many streams are open now. */
    int count() {
        return open.size();
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        shuttingDown = true;
        List.copyOf(open).forEach(SseStream::finish);
        if (open.isEmpty()) {
            allClosed.complete(null);
        }
        return allClosed;
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(open.size());
    }

    private void finished(SseStream stream) {
        open.remove(stream);
        if (shuttingDown && open.isEmpty()) {
            allClosed.complete(null);
        }
    }

    /** An event as written on the wire: {@code id:} its sequence, {@code event:} its type, JSON data. */
    private Event<String> frame(JournalEvent event) {
        try {
            return Event.of(mapper.writeValueAsString(StreamEventJson.from(event)))
                    .id(Long.toString(event.seq()))
                    .name(event.event().type());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
