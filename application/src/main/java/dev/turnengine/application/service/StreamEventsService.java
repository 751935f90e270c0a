package dev.turnengine.application.service;

import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.Turn;
import java.util.List;
import java.util.Optional;

/** Opens event streams: replay from the journal after a cursor, then live, for a conversation or one turn. */
public final class StreamEventsService implements StreamEventsUseCase {

    private static final int SCAN_PAGE = 512;

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final TurnJournal journal;

    public StreamEventsService(ConversationStore conversations, TurnStore turns, TurnJournal journal) {
        this.conversations = conversations;
        this.turns = turns;
        this.journal = journal;
    }

    @Override
    public Prepared prepare(Command command) {
        ConversationId conversationId = command.conversationId();
        if (conversations.find(command.caller().tenant(), conversationId).isEmpty()) {
            return new Result.NotFound();
        }
        if (command.afterSeq().isPresent()) {
            long last = journal.lastSeq(conversationId);
            if (command.afterSeq().getAsLong() > last) {
                return new Result.CursorAhead(last);
            }
        }
        if (command.turnId().isEmpty()) {
            return new Prepared.Ready(sink -> {
                long after = command.afterSeq().orElseGet(() -> journal.lastSeq(conversationId));
                return journal.subscribe(conversationId, after, new ConversationListener(sink));
            });
        }
        Optional<Turn> turn = turns.find(conversationId, command.turnId().get());
        if (turn.isEmpty()) {
            return new Result.NotFound();
        }
        long after = command.afterSeq().orElse(turn.get().acceptedSeq() - 1);
        if (turn.get().isTerminal() && !hasEventsAfter(turn.get(), after)) {
            return new Result.AlreadyDelivered();
        }
        return new Prepared.Ready(sink -> {
            OneTurnListener listener = new OneTurnListener(turn.get(), sink);
            listener.attach(journal.subscribe(conversationId, after, listener));
            return listener;
        });
    }

    /** Whether the ended turn still has events (at least its final) after the cursor. */
    private boolean hasEventsAfter(Turn turn, long after) {
        long cursor = after;
        while (true) {
            List<JournalEvent> page = journal.read(turn.conversationId(), cursor, SCAN_PAGE);
            for (JournalEvent event : page) {
                if (event.turnId().equals(turn.id())) {
                    return true;
                }
            }
            if (page.size() < SCAN_PAGE) {
                return false;
            }
            cursor = page.getLast().seq();
        }
    }

    /** Passes every event on. */
    private record ConversationListener(EventSink sink) implements TurnJournal.JournalListener {

        @Override
        public void onEvent(JournalEvent event) {
            sink.event(event);
        }

        @Override
        public void onError(RuntimeException error) {
            sink.fail(error);
        }

        /** The conversation was deleted: the stream ends cleanly after the last final. */
        @Override
        public void onEnd() {
            sink.end();
        }
    }
}
