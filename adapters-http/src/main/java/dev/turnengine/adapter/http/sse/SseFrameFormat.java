package dev.turnengine.adapter.http.sse;

import dev.turnengine.domain.event.JournalEvent;
import io.micronaut.http.sse.Event;

/**
 * How a journal event is written as one SSE frame ({@code id:}, {@code event:}, {@code data:}); the API
 * defines the payload, the {@link SseConnectionRegistry} hands this to every {@link SseConnection}.
 */
public interface SseFrameFormat {

    /** The frame for {@code event}: its sequence as the id, its type as the name, its JSON as the data. */
    Event<String> frame(JournalEvent event);
}
