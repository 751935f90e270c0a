package dev.turnengine.application.engine;

import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import java.util.Objects;

/** The outgoing ports an engine runs on; one storage family supplies all but the agents. */
public record EnginePorts(
        ConversationStore conversations,
        TurnStore turns,
        TurnJournal journal,
        IdempotencyRecords idempotency,
        AccessTokens tokens,
        BrowserPresence presence,
        InterruptSignals interrupts,
        StorageHealth health,
        AgentCatalog agents) {

    public EnginePorts {
        Objects.requireNonNull(conversations, "conversations");
        Objects.requireNonNull(turns, "turns");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(agents, "agents");
    }

    /** Every port of one storage family, with these agents. */
    public static EnginePorts of(Storage storage, AgentCatalog agents) {
        return new EnginePorts(storage.conversations(), storage.turns(), storage.journal(), storage.idempotency(),
                storage.tokens(), storage.presence(), storage.interrupts(), storage.health(), agents);
    }
}
