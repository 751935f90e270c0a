package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.adapter.http.sse.SseFrameFormat;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolEvent;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/** The contract's event frames: {@code id:} the sequence, {@code event:} the type, {@link StreamEventJson} or {@link ToolEventJson} data. */
@Singleton
final class StreamEventFrames implements SseFrameFormat {

    private final ObjectMapper mapper;

    StreamEventFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Event<String> frame(JournalEvent event) {
        try {
            Object data = event.event() instanceof ToolEvent tool
                    ? ToolEventJson.from(event, tool, mapper) : StreamEventJson.from(event);
            return Event.of(mapper.writeValueAsString(data))
                    .id(Long.toString(event.seq()))
                    .name(event.event().type());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
