package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/**
 * Stops a conversation's running turn, or one named turn ({@code {"turn_id"}} or {@code …/turns/{id}/cancel}):
 * 202 when a turn was told to stop or a queued one was cancelled, 200 when there was nothing to stop.
 */
@Controller(ApiPaths.CONVERSATION)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InterruptController {

    private final InterruptTurnUseCase interrupt;
    private final JsonBodyReader bodies;

    InterruptController(InterruptTurnUseCase interrupt, JsonBodyReader bodies) {
        this.interrupt = interrupt;
        this.bodies = bodies;
    }

    /** The body is optional; {@code turn_id} in it names the one turn to stop. */
    @Post("/interrupt")
    @Consumes(MediaType.ALL)
    HttpResponse<?> interrupt(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id, HttpRequest<?> request,
            @Body @Nullable byte[] body) {
        ConversationId conversationId = PathIds.conversation(id);
        Optional<TurnId> turnId = bodies.optional(request, body).string("turn_id")
                .map(text -> PathIds.turn("turn_id", text));
        return answer(interrupt.interrupt(caller, conversationId, turnId));
    }

    /** The same as the interrupt naming {@code turnId}. */
    @Post("/turns/{turnId}/cancel")
    @Consumes(MediaType.ALL)
    HttpResponse<?> cancel(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id, String turnId) {
        ConversationId conversationId = PathIds.conversation(id);
        return answer(interrupt.interrupt(caller, conversationId, Optional.of(PathIds.turn("turn_id", turnId))));
    }

    private static HttpResponse<?> answer(InterruptTurnUseCase.Result result) {
        return switch (result) {
            case InterruptTurnUseCase.Result.Interrupted stopped -> HttpResponse.status(HttpStatus.ACCEPTED)
                    .body(new InterruptJson(true, stopped.turnId().toString(), null));
            case InterruptTurnUseCase.Result.Idle idle -> HttpResponse.ok(new InterruptJson(false, null, null));
            case InterruptTurnUseCase.Result.AlreadyEnded ended -> HttpResponse.ok(
                    new InterruptJson(false, ended.turnId().toString(), ended.status().wireName()));
            case InterruptTurnUseCase.Result.NotFound notFound -> Problems.notFound("conversation");
            case InterruptTurnUseCase.Result.TurnNotFound notFound -> Problems.notFound("turn");
        };
    }
}
