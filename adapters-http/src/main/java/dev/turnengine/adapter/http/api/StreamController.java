package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.request.QueryNumbers;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.adapter.http.sse.SseConnection;
import dev.turnengine.adapter.http.sse.SseConnectionRegistry;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.turn.TurnId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The seed's event stream: {@code text/event-stream} of the conversation's events, live or replayed from
 * {@code Last-Event-ID} / {@code ?after=}, optionally one turn only ({@code ?turn_id=}, ending after its
 * {@code final}; 204 once that was delivered). No thread is held while a stream is open.
 */
@Controller(ApiPaths.CONVERSATION)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final StreamEventsUseCase streamEvents;
    private final SseConnectionRegistry streams;

    StreamController(StreamEventsUseCase streamEvents, SseConnectionRegistry streams) {
        this.streamEvents = streamEvents;
        this.streams = streams;
    }

    @Get(value = "/stream", produces = {MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON})
    HttpResponse<?> stream(HttpRequest<?> request,
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id,
            @Header(LAST_EVENT_ID) @Nullable String lastEventId, @QueryValue @Nullable String after,
            @QueryValue("turn_id") @Nullable String turnId) {
        var conversationId = PathIds.conversation(id);
        OptionalLong cursor = cursor(lastEventId, after);
        Optional<TurnId> turn = turnId == null ? Optional.empty() : Optional.of(PathIds.turn("turn_id", turnId));
        var command = new StreamEventsUseCase.Command(caller, conversationId, cursor, turn);
        return switch (streamEvents.prepare(command)) {
            case StreamEventsUseCase.Prepared.Ready ready -> {
                SseConnection stream = streams.open(conversationId, turn, request);
                try {
                    stream.attach(ready.start(stream));
                } catch (RuntimeException e) {
                    stream.discard();
                    throw e;
                }
                yield HttpResponse.ok(stream.body())
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .header("X-Accel-Buffering", "no");
            }
            case StreamEventsUseCase.Result.NotFound notFound ->
                    Problems.notFound(turn.isPresent() ? "conversation or turn" : "conversation");
            case StreamEventsUseCase.Result.AlreadyDelivered delivered -> HttpResponse.noContent();
            case StreamEventsUseCase.Result.CursorAhead ahead ->
                    Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, "The cursor is past the "
                            + "conversation's last event (" + ahead.lastSeq() + "); resume from at most that.");
        };
    }

    /** {@code Last-Event-ID} (what a reconnecting browser sends) wins over {@code ?after=}; blank counts as absent. */
    private static OptionalLong cursor(@Nullable String lastEventId, @Nullable String after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return OptionalLong.of(QueryNumbers.parseLong(LAST_EVENT_ID, lastEventId.strip()));
        }
        if (after != null && !after.isEmpty()) {
            return OptionalLong.of(QueryNumbers.parseLong("after", after));
        }
        return OptionalLong.empty();
    }
}
