package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.turn.ConversationSummary;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lists the caller's tenant's conversations, most recently active first, a page at a time. */
public interface ListConversationsUseCase {

    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    /**
     * Up to {@code limit} (1 to {@link #MAX_LIMIT}) conversations after {@code after}. A conversation that
     * becomes active while a client pages moves to the head of the list: the pages still to come do not show
     * it (again); a listing started afresh shows it first.
     */
    Page list(Caller caller, Optional<ActivityCursor> after, int limit);

    /** One page and, when more may follow, where the next starts. */
    record Page(List<ConversationSummary> conversations, Optional<ActivityCursor> next) {

        public Page {
            conversations = List.copyOf(conversations);
            Objects.requireNonNull(next, "next");
        }
    }
}
