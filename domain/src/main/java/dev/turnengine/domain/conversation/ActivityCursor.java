package dev.turnengine.domain.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in a tenant's conversations ordered by most recent activity: the last one a page showed.
 * The next page starts strictly after it (older activity, or the same activity and a smaller id).
 */
public record ActivityCursor(Instant lastActivityAt, ConversationId id) {

    public ActivityCursor {
        Objects.requireNonNull(lastActivityAt, "lastActivityAt");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Whether a conversation with this activity and id comes after this position in the listing order (ids
     * compare as unsigned 128-bit numbers, as PostgreSQL orders UUIDs).
     */
    public boolean isFollowedBy(Instant otherActivity, ConversationId otherId) {
        int byTime = otherActivity.compareTo(lastActivityAt);
        return byTime < 0 || (byTime == 0 && compareIds(otherId, id) < 0);
    }

    /** Unsigned comparison of two ids, the listing's tie-break (descending). */
    public static int compareIds(ConversationId a, ConversationId b) {
        int high = Long.compareUnsigned(a.value().getMostSignificantBits(), b.value().getMostSignificantBits());
        return high != 0 ? high
                : Long.compareUnsigned(a.value().getLeastSignificantBits(), b.value().getLeastSignificantBits());
    }
}
