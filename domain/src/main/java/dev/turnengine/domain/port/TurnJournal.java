package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;

/**
 * Each conversation's events, numbered by a gap-free sequence: the source of truth every stream is
 * replayed from. Lifecycle events are written by {@link TurnStore}; reply text by this port.
 */
public interface TurnJournal {

    /** Appends reply text of a running turn; it is durable and visible to subscribers when this returns. */
    JournalEvent appendDelta(ConversationId conversationId, TurnId turnId, TextDelta delta);

    /**
     * Whether each {@link #appendDelta} waits for a durable commit (a database round trip). The engine then keeps
     * one append per turn in flight and sends the text that arrives meanwhile as one delta, the last of it with
     * the turn's final. False (the default) for a journal whose appends cost next to nothing: each delta is
     * appended as it comes.
     */
    default boolean appendsWaitForCommit() {
        return false;
    }

    /** Events with a sequence above {@code afterSeq}, oldest first, at most {@code limit}. */
    List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit);

    /** The sequence of the conversation's latest event; 0 when it has none. */
    long lastSeq(ConversationId conversationId);

    /** The reply text a turn has streamed so far: its {@code text_delta} events joined in order. */
    String streamedText(ConversationId conversationId, TurnId turnId);

    /**
     * Delivers every event with a sequence above {@code afterSeq}, in order and once each: first those
     * already stored, then each new one as it is appended, on this node or any other, until the
     * subscription is closed. Calls to the listener come one at a time, never on the caller's thread
     * while {@code subscribe} runs, and must return quickly.
     */
    Subscription subscribe(ConversationId conversationId, long afterSeq, JournalListener listener);

    /** Receives a subscription's events. */
    interface JournalListener {

        /** The next event of the conversation. */
        void onEvent(JournalEvent event);

        /** The subscription cannot go on (for example, storage was lost); no call follows. */
        default void onError(RuntimeException error) {
        }

        /**
         * The conversation was deleted: every event still readable has been delivered and no call follows.
         * By default, the same as an error.
         */
        default void onEnd() {
            onError(new IllegalStateException("the conversation was deleted"));
        }
    }
}
