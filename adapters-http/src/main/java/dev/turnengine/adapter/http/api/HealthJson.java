package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.turnengine.domain.port.AttachmentBudget;

/**
 * Whether the server can serve: {@code UP} or {@code DOWN}.
 *
 * @param attachments how much of its attachment budget in-memory storage holds; absent with a database
 */
record HealthJson(String status, @JsonInclude(JsonInclude.Include.NON_NULL) AttachmentsJson attachments) {

    HealthJson(String status) {
        this(status, null);
    }

    /** In-memory storage's attachment bytes held now, and the most it keeps. */
    record AttachmentsJson(long storedBytes, long budgetBytes) {

        static AttachmentsJson from(AttachmentBudget budget) {
            return new AttachmentsJson(budget.storedBytes(), budget.budgetBytes());
        }
    }
}
