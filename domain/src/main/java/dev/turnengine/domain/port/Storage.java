package dev.turnengine.domain.port;

/** One storage family: every storage port over one shared state, released by {@link #close()}. */
public interface Storage extends AutoCloseable {

    ConversationStore conversations();

    TurnStore turns();

    TurnJournal journal();

    IdempotencyRecords idempotency();

    AccessTokens tokens();

    BrowserPresence presence();

    InterruptSignals interrupts();

    ToolCallStore toolCalls();

    StorageHealth health();

    ConversationErasure erasure();

    WebhookEndpoints webhooks();

    WebhookOutbox outbox();

    /** Whether what is stored outlives the process. */
    boolean isDurable();

    /** Releases connections and threads; the ports must not be used afterwards. */
    @Override
    void close();
}
