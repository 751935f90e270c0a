/**
 * Writes event streams: one bounded SseConnection per client, the SseConnectionRegistry that ends them
 * all on shutdown.
 */
package dev.turnengine.adapter.http.sse;
