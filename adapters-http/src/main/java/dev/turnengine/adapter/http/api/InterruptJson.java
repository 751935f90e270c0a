package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an interrupt.
 *
 * @param turnId the turn told to stop; absent when none was running
 */
record InterruptJson(boolean interrupted, @JsonInclude(JsonInclude.Include.NON_NULL) String turnId) {
}
