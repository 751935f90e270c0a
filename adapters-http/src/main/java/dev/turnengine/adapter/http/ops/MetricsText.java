package dev.turnengine.adapter.http.ops;

import java.util.function.Supplier;

/** The Prometheus text of every meter, as {@code GET /metrics} serves it; absent when metrics are off. */
public record MetricsText(Supplier<String> scrape) {
}
