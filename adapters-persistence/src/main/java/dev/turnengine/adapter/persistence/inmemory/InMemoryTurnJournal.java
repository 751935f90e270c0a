package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.util.List;
import java.util.Objects;

/**
 * Journals kept in memory. Beyond the port's contract, {@link #appendDelta} refuses text for a turn that
 * is not running ({@link IllegalStateException}), so nothing of a turn is ever journaled after its final.
 */
public final class InMemoryTurnJournal implements TurnJournal {

    private final InMemoryState state;

    InMemoryTurnJournal(InMemoryState state) {
        this.state = state;
    }

    @Override
    public JournalEvent appendDelta(ConversationId conversationId, TurnId turnId, TextDelta delta) {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(delta, "delta");
        return state.require(conversationId).locked(c -> {
            Turn turn = c.turns.get(turnId);
            if (turn == null || turn.status() != TurnStatus.RUNNING) {
                throw new IllegalStateException("turn " + turnId + " is not running");
            }
            return c.append(turnId, delta, state.clock().instant());
        });
    }

    @Override
    public List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit) {
        return state.lookup(conversationId).map(c -> c.locked(s -> s.read(afterSeq, limit))).orElse(List.of());
    }

    @Override
    public long lastSeq(ConversationId conversationId) {
        return state.lookup(conversationId).map(c -> c.locked(s -> (long) s.events.size())).orElse(0L);
    }

    @Override
    public String streamedText(ConversationId conversationId, TurnId turnId) {
        return state.lookup(conversationId).map(c -> c.locked(s -> {
            Turn turn = s.turns.get(turnId);
            if (turn == null) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            for (JournalEvent event : s.events.subList((int) turn.acceptedSeq() - 1, s.events.size())) {
                if (event.turnId().equals(turnId) && event.event() instanceof TextDelta delta) {
                    text.append(delta.delta());
                }
            }
            return text.toString();
        })).orElse("");
    }

    @Override
    public Subscription subscribe(ConversationId conversationId, long afterSeq, JournalListener listener) {
        return state.feed().subscribe(conversationId, afterSeq, listener);
    }
}
