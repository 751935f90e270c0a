package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.domain.access.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Stops a conversation's running turn: 202 when one was running, 200 when idle; repeats are harmless. */
@Controller(ApiPaths.CONVERSATION)
@ExecuteOn(TaskExecutors.BLOCKING)
final class InterruptController {

    private final InterruptTurnUseCase interrupt;

    InterruptController(InterruptTurnUseCase interrupt) {
        this.interrupt = interrupt;
    }

    /** Takes no body; one sent anyway is ignored. */
    @Post("/interrupt")
    @Consumes(MediaType.ALL)
    HttpResponse<?> interrupt(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id) {
        return switch (interrupt.interrupt(caller, PathIds.conversation(id))) {
            case InterruptTurnUseCase.Result.Interrupted stopped ->
                    HttpResponse.status(HttpStatus.ACCEPTED).body(new InterruptJson(true, stopped.turnId().toString()));
            case InterruptTurnUseCase.Result.Idle idle -> HttpResponse.ok(new InterruptJson(false, null));
            case InterruptTurnUseCase.Result.NotFound notFound -> Problems.notFound("conversation");
        };
    }
}
