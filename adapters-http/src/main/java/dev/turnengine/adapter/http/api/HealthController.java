package dev.turnengine.adapter.http.api;

import dev.turnengine.application.port.in.CheckHealthUseCase;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /health}, without auth: 200 {@code UP} when storage answers, 503 {@code DOWN} when not. In
 * memory it also reports the attachment budget; a full budget refuses new attachments (507) but the server
 * still serves, so it stays 200.
 */
@Controller(ApiPaths.HEALTH)
@ExecuteOn(TaskExecutors.BLOCKING)
final class HealthController {

    private final CheckHealthUseCase health;

    HealthController(CheckHealthUseCase health) {
        this.health = health;
    }

    @Get
    HttpResponse<HealthJson> health() {
        boolean healthy;
        try {
            healthy = health.isHealthy();
        } catch (RuntimeException e) {
            healthy = false;
        }
        return healthy
                ? HttpResponse.ok(new HealthJson("UP", health.attachments().map(HealthJson.AttachmentsJson::from).orElse(null)))
                : HttpResponse.<HealthJson>status(HttpStatus.SERVICE_UNAVAILABLE).body(new HealthJson("DOWN"));
    }
}
