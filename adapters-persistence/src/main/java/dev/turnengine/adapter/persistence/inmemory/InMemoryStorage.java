package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.AttachmentBudget;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.port.WebhookOutbox;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Every storage port kept in this process's memory, sharing one thread-safe state: for tests, demos and
 * embedding where nothing needs to survive a restart.
 */
public final class InMemoryStorage implements Storage {

    /** 256 MiB of attachment bytes (decoded): more than the largest message the default limits accept. */
    public static final long DEFAULT_ATTACHMENT_BUDGET_BYTES = 256L * 1024 * 1024;

    private final InMemoryConversationStore conversations;
    private final InMemoryAttachmentBudget attachmentBudget;
    private final InMemoryTurnStore turns;
    private final InMemoryTurnJournal journal;
    private final InMemoryIdempotencyRecords idempotency;
    private final InMemoryAccessTokens tokens = new InMemoryAccessTokens();
    private final InMemoryBrowserPresence presence = new InMemoryBrowserPresence();
    private final InMemoryInterruptSignals interrupts = new InMemoryInterruptSignals();
    private final InMemoryConversationErasure erasure;
    private final InMemoryWebhookEndpoints webhooks;
    private final InMemoryWebhookOutbox outbox;
    private final InMemoryToolCallStore toolCalls;

    /** Storage stamping text deltas with the system clock. */
    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    /** Storage stamping text deltas with {@code clock} (every other time is passed in by the caller). */
    public InMemoryStorage(Clock clock) {
        this(clock, DEFAULT_ATTACHMENT_BUDGET_BYTES);
    }

    /**
     * Storage that keeps at most {@code attachmentBudgetBytes} of attachment bytes (decoded) for turns that
     * have not ended; a message that would go past it is refused ({@link
     * dev.turnengine.domain.port.Admission.InsufficientStorage}). Ended turns keep only their attachments'
     * metadata. Base64 strings take about a third more heap than the bytes they carry.
     */
    public InMemoryStorage(Clock clock, long attachmentBudgetBytes) {
        InMemoryState state = new InMemoryState(Objects.requireNonNull(clock, "clock"));
        this.attachmentBudget = new InMemoryAttachmentBudget(attachmentBudgetBytes);
        this.conversations = new InMemoryConversationStore(state);
        this.turns = new InMemoryTurnStore(state, attachmentBudget);
        this.journal = new InMemoryTurnJournal(state);
        this.idempotency = new InMemoryIdempotencyRecords(state);
        this.erasure = new InMemoryConversationErasure(state, attachmentBudget);
        this.webhooks = state.webhooks();
        this.outbox = state.outbox();
        this.toolCalls = new InMemoryToolCallStore(state);
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public TurnStore turns() {
        return turns;
    }

    @Override
    public TurnJournal journal() {
        return journal;
    }

    @Override
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    @Override
    public AccessTokens tokens() {
        return tokens;
    }

    @Override
    public BrowserPresence presence() {
        return presence;
    }

    @Override
    public InterruptSignals interrupts() {
        return interrupts;
    }

    @Override
    public ConversationErasure erasure() {
        return erasure;
    }

    @Override
    public WebhookEndpoints webhooks() {
        return webhooks;
    }

    @Override
    public WebhookOutbox outbox() {
        return outbox;
    }

    @Override
    public ToolCallStore toolCalls() {
        return toolCalls;
    }

    /** Always reachable: memory does not go away; reports its attachment budget. */
    @Override
    public StorageHealth health() {
        return new StorageHealth() {
            @Override
            public boolean isReachable() {
                return true;
            }

            @Override
            public Optional<AttachmentBudget> attachments() {
                return Optional.of(attachmentBudget.usage());
            }
        };
    }

    @Override
    public boolean isDurable() {
        return false;
    }

    /** Nothing to release: the state goes with the object. */
    @Override
    public void close() {
    }
}
