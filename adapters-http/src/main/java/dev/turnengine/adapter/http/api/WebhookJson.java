package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The tenant's webhook endpoint; the secret only in the answer to setting it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookJson(String url, String secret) {
}
