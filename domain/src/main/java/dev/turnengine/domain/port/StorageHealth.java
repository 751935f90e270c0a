package dev.turnengine.domain.port;

import java.util.Optional;

/** Tells whether storage answers right now, and how full a bounded storage is. */
@FunctionalInterface
public interface StorageHealth {

    /** Whether storage answered a trivial request within a short time. Never throws. */
    boolean isReachable();

    /** The use of the storage's budget for attachment bytes, when it has one. */
    default Optional<AttachmentBudget> attachments() {
        return Optional.empty();
    }
}
