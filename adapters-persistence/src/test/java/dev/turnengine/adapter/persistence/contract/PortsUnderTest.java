package dev.turnengine.adapter.persistence.contract;

import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;

/** One storage family's ports, sharing one state, as the contract tests see them. */
public record PortsUnderTest(
        ConversationStore conversations,
        TurnStore turns,
        TurnJournal journal,
        IdempotencyRecords idempotency,
        AccessTokens tokens,
        BrowserPresence presence,
        InterruptSignals interrupts,
        StorageHealth health) {
}
