/** Outgoing HTTP: webhook deliveries posted to tenants' endpoints. */
package dev.turnengine.adapter.http.webhook;
