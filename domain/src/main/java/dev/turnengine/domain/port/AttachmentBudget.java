package dev.turnengine.domain.port;

/**
 * How much of its budget for attachment bytes a storage holds now (in-memory storage bounds what it keeps;
 * a database has no such budget).
 *
 * @param storedBytes decoded bytes of the attachments of turns that have not ended
 * @param budgetBytes the most it keeps; a message that would go past it is refused
 */
public record AttachmentBudget(long storedBytes, long budgetBytes) {

    public AttachmentBudget {
        if (storedBytes < 0 || budgetBytes < 0) {
            throw new IllegalArgumentException("byte counts cannot be negative");
        }
    }
}
