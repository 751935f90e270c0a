package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.BrowserPresenceUseCase;
import dev.turnengine.domain.access.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Heartbeats of the caller's browser, which {@code browser_session} messages need. */
@Controller(ApiPaths.PRESENCE)
@ExecuteOn(TaskExecutors.BLOCKING)
final class BrowserPresenceController {

    private final BrowserPresenceUseCase presence;

    BrowserPresenceController(BrowserPresenceUseCase presence) {
        this.presence = presence;
    }

    /** Marks the browser connected for the presence window; takes no body. */
    @Put
    @Consumes(MediaType.ALL)
    HttpResponse<PresenceJson> heartbeat(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller) {
        return HttpResponse.ok(new PresenceJson(true, presence.heartbeat(caller).toString()));
    }

    @Delete
    @Consumes(MediaType.ALL)
    HttpResponse<?> disconnect(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller) {
        presence.disconnect(caller);
        return HttpResponse.noContent();
    }
}
