package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to a posted tool-call answer: accepted, and {@code idempotent: true} when it repeated an earlier one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ToolAnswerJson(boolean accepted, Boolean idempotent) {
}
