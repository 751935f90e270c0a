package dev.turnengine.benchmarks.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The baseline routes for the submit benchmark, served by the API's own Micronaut server (its context loads
 * every bean on the class path, and the benchmark server puts this one there): they take the same request
 * body and answer 202 with a same-size JSON body, doing nothing else. One answers on the event loop (the
 * limit of the HTTP stack), one on the blocking executor the real route runs on.
 */
@Controller("/bench")
@Requires(property = BareAcceptedController.ENABLED, value = "true")
final class BareAcceptedController {

    /** The system property that turns these routes on; only the benchmark server sets it. */
    static final String ENABLED = "turns.bench.bare-routes";

    @Post("/accepted")
    @Consumes(MediaType.ALL)
    HttpResponse<BareAcceptedJson> accepted(@Body @Nullable byte[] body) {
        return HttpResponse.<BareAcceptedJson>status(HttpStatus.ACCEPTED).body(BareAcceptedJson.random());
    }

    @Post("/accepted-blocking")
    @Consumes(MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<BareAcceptedJson> acceptedBlocking(@Body @Nullable byte[] body) {
        return HttpResponse.<BareAcceptedJson>status(HttpStatus.ACCEPTED).body(BareAcceptedJson.random());
    }
}
