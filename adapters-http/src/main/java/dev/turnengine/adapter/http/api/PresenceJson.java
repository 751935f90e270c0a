package dev.turnengine.adapter.http.api;

/**
 * The caller's browser presence after a heartbeat.
 *
 * @param expiresAt when the browser counts as gone unless another heartbeat comes
 */
record PresenceJson(boolean connected, String expiresAt) {
}
