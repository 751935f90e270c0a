package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * An engine composed for an in-process benchmark exactly as the server composes it (storage ports, agent
 * catalog, default settings), with a caller of tenant {@code default}.
 */
public final class BenchEngines implements AutoCloseable {

    private final TurnEngine engine;
    private final AutoCloseable storage;
    private final Caller caller;

    private BenchEngines(TurnEngine engine, AutoCloseable storage) {
        this.engine = engine;
        this.storage = storage;
        this.caller = engine.authenticate()
                .authenticate(engine.manageTokens().issue(TenantId.defaultTenant()).secret())
                .orElseThrow(() -> new IllegalStateException("a token just issued did not authenticate"));
    }

    /** An engine on in-memory storage whose default agent is the first of {@code agents}. */
    public static BenchEngines inMemory(String defaultAgent, Map<String, AgentRunner> agents) {
        InMemoryStorage storage = new InMemoryStorage();
        EnginePorts ports = EnginePorts.of(storage, AgentCatalog.of(defaultAgent, agents));
        return new BenchEngines(TurnEngine.start(ports, EngineSettings.defaults(), Clock.systemUTC()), () -> { });
    }

    /** An engine on PostgreSQL (the URL's {@code currentSchema} keeps each run apart). */
    public static BenchEngines postgres(String url, String defaultAgent, Map<String, AgentRunner> agents) {
        return PostgresEngines.open(url, defaultAgent, agents, BenchEngines::new);
    }

    public TurnEngine engine() {
        return engine;
    }

    public Caller caller() {
        return caller;
    }

    /** A new conversation with the default agent. */
    public ConversationId newConversation() {
        return switch (engine.createConversation().create(
                new CreateConversationUseCase.Command(caller, Optional.empty(), Optional.empty()))) {
            case CreateConversationUseCase.Result.Created created -> created.conversation().conversation().id();
            case CreateConversationUseCase.Result.Refused refused ->
                    throw new IllegalStateException(refused.refusal().detail());
        };
    }

    @Override
    public void close() throws Exception {
        try {
            engine.close();
        } finally {
            storage.close();
        }
    }

    /** Builds the holder from a started engine and its storage. */
    @FunctionalInterface
    interface Factory {
        BenchEngines create(TurnEngine engine, AutoCloseable storage);
    }
}
