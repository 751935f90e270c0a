package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an interrupt.
 *
 * @param turnId the turn told to stop (or cancelled, or found ended); absent when none was running
 * @param status the status of a named turn that had already ended
 */
record InterruptJson(
        boolean interrupted,
        @JsonInclude(JsonInclude.Include.NON_NULL) String turnId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String status) {
}
