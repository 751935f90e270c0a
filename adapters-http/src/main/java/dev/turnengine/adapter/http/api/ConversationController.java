package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.domain.access.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;

/** Creates conversations and shows one with what it is doing now. */
@Controller(ApiPaths.CONVERSATIONS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ConversationController {

    private final CreateConversationUseCase create;
    private final GetConversationUseCase get;
    private final JsonBodyReader bodies;

    ConversationController(CreateConversationUseCase create, GetConversationUseCase get, JsonBodyReader bodies) {
        this.create = create;
        this.get = get;
        this.bodies = bodies;
    }

    /** {@code { "agent"?, "channel"? }}, or no body at all for the defaults. */
    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<?> create(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, HttpRequest<?> request,
            @Body @Nullable byte[] body) {
        JsonBody json = bodies.optional(request, body);
        var command = new CreateConversationUseCase.Command(caller, json.string("agent"), json.string("channel"));
        return switch (create.create(command)) {
            case CreateConversationUseCase.Result.Created created -> {
                ConversationJson conversation = ConversationJson.from(created.conversation());
                yield HttpResponse.created(conversation,
                        URI.create(ApiPaths.conversation(created.conversation().conversation().id())));
            }
            case CreateConversationUseCase.Result.Refused refused -> Problems.of(refused.refusal());
        };
    }

    @Get("/{id}")
    HttpResponse<?> show(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id) {
        return get.get(caller, PathIds.conversation(id))
                .<HttpResponse<?>>map(view -> HttpResponse.ok(ConversationJson.from(view)))
                .orElseGet(() -> Problems.notFound("conversation"));
    }
}
