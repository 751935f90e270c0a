package dev.turnengine.application.port.in;

import dev.turnengine.domain.port.AttachmentBudget;
import java.util.Optional;

/** Whether the engine can serve, and how full a bounded storage is. */
public interface CheckHealthUseCase {

    /** True when storage answers. */
    boolean isHealthy();

    /** The use of storage's budget for attachment bytes, when it has one (in-memory storage). */
    default Optional<AttachmentBudget> attachments() {
        return Optional.empty();
    }
}
