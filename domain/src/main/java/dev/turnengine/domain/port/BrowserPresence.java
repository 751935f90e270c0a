package dev.turnengine.domain.port;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;

/**
 * Which callers have their browser connected (kept alive by heartbeats), and whose browser runs the
 * {@code computer_*} calls of each {@code browser_session} turn, so that a turn notices when that browser goes.
 */
public interface BrowserPresence {

    /** Marks the caller's browser connected until {@code until}. */
    void connect(Caller caller, Instant until);

    /** Marks the caller's browser gone. */
    void disconnect(Caller caller);

    /** Whether the caller's browser is connected at {@code now}. */
    boolean isConnected(Caller caller, Instant now);

    /**
     * Remembers that the browser of {@code caller} (who started it) serves the {@code browser_session} turn; the
     * record goes with the turn. Recording the same turn again keeps the first caller.
     */
    void attach(ConversationId conversationId, TurnId turnId, Caller caller);

    /**
     * Whether the browser attached to the turn is connected at {@code now}; false when none was attached (the turn is
     * not a browser session, or the server stopped before recording it).
     */
    boolean isTurnBrowserConnected(ConversationId conversationId, TurnId turnId, Instant now);
}
