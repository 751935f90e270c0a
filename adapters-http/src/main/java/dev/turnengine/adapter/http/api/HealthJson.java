package dev.turnengine.adapter.http.api;

/** Whether the server can serve: {@code UP} or {@code DOWN}. */
record HealthJson(String status) {
}
