package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.port.AttachmentBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the attachment bytes in-memory storage holds: a message's bytes are reserved when it is admitted
 * and released when its turn ends (the ended turn keeps its attachments' metadata and sizes only).
 */
final class InMemoryAttachmentBudget {

    private final long budgetBytes;
    private final AtomicLong storedBytes = new AtomicLong();

    InMemoryAttachmentBudget(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the attachment budget cannot be negative");
        }
        this.budgetBytes = budgetBytes;
    }

    /** Takes {@code bytes} from the budget; false, taking nothing, when they do not fit. */
    boolean reserve(long bytes) {
        if (bytes == 0) {
            return true;
        }
        while (true) {
            long stored = storedBytes.get();
            if (stored + bytes > budgetBytes) {
                return false;
            }
            if (storedBytes.compareAndSet(stored, stored + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        storedBytes.addAndGet(-bytes);
    }

    AttachmentBudget usage() {
        return new AttachmentBudget(storedBytes.get(), budgetBytes);
    }
}
