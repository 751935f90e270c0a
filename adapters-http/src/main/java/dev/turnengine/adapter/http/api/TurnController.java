package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.request.QueryNumbers;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.QueryTurnsUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Lists and shows a conversation's turns, for clients that lost their stream. */
@Controller(ApiPaths.CONVERSATION + "/turns")
@ExecuteOn(TaskExecutors.BLOCKING)
final class TurnController {

    static final int DEFAULT_LIMIT = 100;

    private final QueryTurnsUseCase turns;

    TurnController(QueryTurnsUseCase turns) {
        this.turns = turns;
    }

    /**
     * {@code ?offset=} (default 0) and {@code ?limit=} (default 100, at most the use case's page size) page
     * through the turns; the response's {@code limit} is the one applied.
     */
    @Get
    HttpResponse<?> list(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id,
            @QueryValue @Nullable String offset, @QueryValue @Nullable String limit) {
        var conversationId = PathIds.conversation(id);
        int from = QueryNumbers.parse("offset", offset, 0, 0, Integer.MAX_VALUE);
        int count = QueryNumbers.parse("limit", limit, DEFAULT_LIMIT, 1, QueryTurnsUseCase.MAX_PAGE);
        return turns.list(caller, conversationId, from, count)
                .<HttpResponse<?>>map(page -> HttpResponse.ok(
                        new TurnListJson(page.stream().map(turn -> withWaiting(caller, turn)).toList(), from, count)))
                .orElseGet(() -> Problems.notFound("conversation"));
    }

    @Get("/{turnId}")
    HttpResponse<?> show(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id, String turnId) {
        var conversationId = PathIds.conversation(id);
        var turn = PathIds.turn("turn_id", turnId);
        return turns.get(caller, conversationId, turn)
                .<HttpResponse<?>>map(found -> HttpResponse.ok(withWaiting(caller, found)))
                .orElseGet(() -> Problems.notFound("turn"));
    }

    /** The turn with the tool calls it waits on; only a running turn can wait. */
    private TurnJson withWaiting(Caller caller, Turn turn) {
        return turn.status() == TurnStatus.RUNNING
                ? TurnJson.from(turn, turns.waitingCalls(caller, turn.conversationId(), turn.id()))
                : TurnJson.from(turn);
    }
}
