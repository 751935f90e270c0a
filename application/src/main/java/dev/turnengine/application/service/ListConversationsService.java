package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ListConversationsUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.turn.ConversationSummary;
import java.util.List;
import java.util.Optional;

/** Pages through a tenant's conversations by keyset: one more line is read to know whether a next page exists. */
public final class ListConversationsService implements ListConversationsUseCase {

    private final ConversationStore conversations;

    public ListConversationsService(ConversationStore conversations) {
        this.conversations = conversations;
    }

    @Override
    public Page list(Caller caller, Optional<ActivityCursor> after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<ConversationSummary> lines = conversations.page(caller.tenant(), after, limit + 1);
        if (lines.size() <= limit) {
            return new Page(lines, Optional.empty());
        }
        List<ConversationSummary> page = lines.subList(0, limit);
        return new Page(page, Optional.of(page.getLast().cursor()));
    }
}
