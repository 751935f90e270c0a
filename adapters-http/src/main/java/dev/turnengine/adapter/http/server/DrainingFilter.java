package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses new API requests once the server is shutting down ({@code 503 shutting_down}, retry elsewhere),
 * while the streams already open stay open to receive the {@code final} events of the turns the shutdown
 * ends. See {@link ApiServer#stopAccepting()}.
 */
@ServerFilter("/v1/**")
final class DrainingFilter {

    private volatile boolean draining;

    void drain() {
        draining = true;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseWhileDraining() {
        if (!draining) {
            return null;
        }
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.SHUTTING_DOWN,
                        "The server is shutting down; nothing was changed. Retry (with the same idempotency key).")
                .header(HttpHeaders.RETRY_AFTER, "1");
    }
}
