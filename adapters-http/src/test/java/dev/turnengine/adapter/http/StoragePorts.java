package dev.turnengine.adapter.http;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.domain.port.AccessTokens;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.StorageHealth;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.WebhookEndpoints;
import dev.turnengine.domain.port.WebhookOutbox;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory storage whose ports can be switched, one by one, to throw {@link StorageUnavailableException}. */
final class StoragePorts {

    private final InMemoryStorage storage = new InMemoryStorage();
    private final Set<Class<?>> down = ConcurrentHashMap.newKeySet();

    /** The engine's ports over this storage and {@code agents}. */
    EnginePorts ports(AgentCatalog agents) {
        return EnginePorts.of(new SwitchableStorage(), agents);
    }

    /** Makes every call to {@code port} fail as if the database were gone. */
    void takeDown(Class<?> port) {
        down.add(port);
    }

    /** Brings every port back. */
    void restore() {
        down.clear();
    }

    InterruptSignals interrupts() {
        return storage.interrupts();
    }

    private <T> T switchable(Class<T> port, T delegate) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
            }
            if (down.contains(port)) {
                throw new StorageUnavailableException("test: " + port.getSimpleName() + " is down", null);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return port.cast(proxy);
    }

    /** The in-memory storage with each port behind its switch; health is down while any port is. */
    private final class SwitchableStorage implements Storage {

        private final ConversationStore conversations = switchable(ConversationStore.class, storage.conversations());
        private final TurnStore turns = switchable(TurnStore.class, storage.turns());
        private final TurnJournal journal = switchable(TurnJournal.class, storage.journal());
        private final IdempotencyRecords idempotency = switchable(IdempotencyRecords.class, storage.idempotency());
        private final AccessTokens tokens = switchable(AccessTokens.class, storage.tokens());
        private final BrowserPresence presence = switchable(BrowserPresence.class, storage.presence());
        private final ConversationErasure erasure = switchable(ConversationErasure.class, storage.erasure());
        private final WebhookEndpoints webhooks = switchable(WebhookEndpoints.class, storage.webhooks());
        private final WebhookOutbox outbox = switchable(WebhookOutbox.class, storage.outbox());
        private final ToolCallStore toolCalls = switchable(ToolCallStore.class, storage.toolCalls());

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
            return storage.interrupts();
        }

        @Override
        public ToolCallStore toolCalls() {
            return toolCalls;
        }

        @Override
        public StorageHealth health() {
            return () -> down.isEmpty();
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
        public boolean isDurable() {
            return false;
        }

        @Override
        public void close() {
            storage.close();
        }
    }
}
