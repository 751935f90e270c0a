package dev.turnengine.adapter.http.ops;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code GET /metrics}, without auth: every meter in the Prometheus text format. Absent when metrics are off. */
@Controller("/metrics")
@Requires(beans = MetricsText.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MetricsController {

    /** Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsText metrics;

    MetricsController(MetricsText metrics) {
        this.metrics = metrics;
    }

    @Get(produces = CONTENT_TYPE)
    HttpResponse<String> metrics() {
        return HttpResponse.ok(metrics.scrape().get()).contentType(CONTENT_TYPE);
    }
}
