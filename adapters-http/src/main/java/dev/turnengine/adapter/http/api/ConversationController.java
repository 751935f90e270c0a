package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.adapter.http.request.QueryNumbers;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.DeleteConversationUseCase;
import dev.turnengine.application.port.in.ListConversationsUseCase;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.domain.access.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;

/** Creates, lists, shows and deletes conversations. */
@Controller(ApiPaths.CONVERSATIONS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ConversationController {

    private final CreateConversationUseCase create;
    private final GetConversationUseCase get;
    private final ListConversationsUseCase list;
    private final DeleteConversationUseCase delete;
    private final JsonBodyReader bodies;

    ConversationController(CreateConversationUseCase create, GetConversationUseCase get, ListConversationsUseCase list,
            DeleteConversationUseCase delete, JsonBodyReader bodies) {
        this.create = create;
        this.get = get;
        this.list = list;
        this.delete = delete;
        this.bodies = bodies;
    }

    /** {@code ?limit=} (1-100, default 20) and {@code ?cursor=} (a {@code next_cursor}) page by recent activity. */
    @Get
    HttpResponse<?> list(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller,
            @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        int count = QueryNumbers.parse("limit", limit, ListConversationsUseCase.DEFAULT_LIMIT, 1,
                ListConversationsUseCase.MAX_LIMIT);
        ListConversationsUseCase.Page page = list.list(caller, ActivityCursors.decode(cursor), count);
        return HttpResponse.ok(new ConversationListJson(
                page.conversations().stream().map(ConversationSummaryJson::from).toList(),
                page.next().map(ActivityCursors::encode).orElse(null)));
    }

    /** Ends its turns and streams, removes it and everything it owns: 204, then 404 everywhere. */
    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> delete(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id) {
        return switch (delete.delete(caller, PathIds.conversation(id))) {
            case DeleteConversationUseCase.Result.Deleted deleted -> HttpResponse.noContent();
            case DeleteConversationUseCase.Result.NotFound notFound -> Problems.notFound("conversation");
        };
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
