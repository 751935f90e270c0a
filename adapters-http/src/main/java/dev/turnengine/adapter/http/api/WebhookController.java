package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.ManageWebhookUseCase;
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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** The tenant's one webhook endpoint: set it (a new secret each time), show it (no secret), remove it. */
@Controller(ApiPaths.WEBHOOK)
@ExecuteOn(TaskExecutors.BLOCKING)
final class WebhookController {

    private final ManageWebhookUseCase webhooks;
    private final JsonBodyReader bodies;

    WebhookController(ManageWebhookUseCase webhooks, JsonBodyReader bodies) {
        this.webhooks = webhooks;
        this.bodies = bodies;
    }

    /** {@code { "url": "https://…" }}; answers the URL and the generated {@code whsec_…} secret. */
    @Put
    @Consumes(MediaType.ALL)
    HttpResponse<?> set(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, HttpRequest<?> request,
            @Body @Nullable byte[] body) {
        JsonBody json = bodies.required(request, body);
        String url = json.string("url").orElseThrow(() -> ProblemException.invalid("'url' is required."));
        return switch (webhooks.set(caller, url)) {
            case ManageWebhookUseCase.SetResult.Set set -> HttpResponse.ok(
                    new WebhookJson(set.endpoint().url().toString(), set.endpoint().secret().value()));
            case ManageWebhookUseCase.SetResult.Refused refused -> Problems.of(refused.refusal());
        };
    }

    @Get
    HttpResponse<?> show(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller) {
        return webhooks.get(caller)
                .<HttpResponse<?>>map(endpoint -> HttpResponse.ok(new WebhookJson(endpoint.url().toString(), null)))
                .orElseGet(() -> Problems.notFound("webhook"));
    }

    @Delete
    @Consumes(MediaType.ALL)
    HttpResponse<?> delete(@RequestAttribute(BearerAuthFilter.CALLER) Caller caller) {
        return webhooks.delete(caller) ? HttpResponse.noContent() : Problems.notFound("webhook");
    }
}
