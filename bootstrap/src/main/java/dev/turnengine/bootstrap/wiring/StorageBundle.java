package dev.turnengine.bootstrap.wiring;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;

/** One storage family's ports, whichever adapter supplies them, and how to release it. */
public record StorageBundle(
        String description,
        ConversationStore conversations,
        TurnStore turns,
        TurnJournal journal,
        IdempotencyRecords idempotency,
        AccessTokens tokens,
        BrowserPresence presence,
        InterruptSignals interrupts,
        StorageHealth health,
        AutoCloseable resources) implements AutoCloseable {

    /** PostgreSQL at the URL, or fresh in-memory storage when there is none. */
    public static StorageBundle open(java.util.Optional<String> databaseUrl) {
        return databaseUrl.map(PostgresStorageBundles::open).orElseGet(StorageBundle::inMemory);
    }

    /** Fresh in-memory storage: fast, and gone when the process ends. */
    public static StorageBundle inMemory() {
        InMemoryStorage storage = new InMemoryStorage();
        return new StorageBundle("in-memory", storage.conversations(), storage.turns(), storage.journal(),
                storage.idempotency(), storage.tokens(), storage.presence(), storage.interrupts(), storage.health(),
                () -> { });
    }

    /** The engine's ports: this storage with the given agents. */
    public EnginePorts ports(AgentCatalog agents) {
        return new EnginePorts(conversations, turns, journal, idempotency, tokens, presence, interrupts, health,
                agents);
    }

    /** Whether the storage outlives the process. */
    public boolean isDurable() {
        return !"in-memory".equals(description);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing storage failed", e);
        }
    }
}
