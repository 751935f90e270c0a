/**
 * Starts and stops the Micronaut server (ApiServer, HttpSettings) and lets only token holders into /v1
 * (BearerAuthFilter).
 */
package dev.turnengine.adapter.http.server;
