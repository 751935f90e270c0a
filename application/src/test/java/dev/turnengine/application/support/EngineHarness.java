package dev.turnengine.application.support;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A real engine on in-memory storage with one agent, a hand-moved clock and a caller, for use-case tests. */
public final class EngineHarness implements AutoCloseable {

    public final InMemoryStorage storage = new InMemoryStorage();
    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    public final TurnEngine engine;
    public final Caller caller;

    public EngineHarness(AgentRunner agent) {
        this(agent, EngineSettings.defaults().withTurnTimeout(Duration.ofSeconds(30)));
    }

    public EngineHarness(AgentRunner agent, EngineSettings settings) {
        EnginePorts ports = EnginePorts.of(storage, AgentCatalog.of("agent", Map.of("agent", agent)));
        engine = TurnEngine.start(ports, settings, clock);
        caller = callerOf(new TenantId("acme"));
    }

    public Caller callerOf(TenantId tenant) {
        return engine.authenticate().authenticate(engine.manageTokens().issue(tenant).secret()).orElseThrow();
    }

    public ConversationId conversation() {
        return conversation(caller);
    }

    public ConversationId conversation(Caller owner) {
        var result = engine.createConversation().create(
                new CreateConversationUseCase.Command(owner, Optional.empty(), Optional.empty()));
        return ((CreateConversationUseCase.Result.Created) result).conversation().conversation().id();
    }

    public SubmitMessageUseCase.Result submit(SubmitMessageUseCase.Command command) {
        return engine.submitMessage().submit(command);
    }

    /** Submits text and returns the accepted turn; fails the test when it is not accepted. */
    public Turn accept(ConversationId conversationId, String text) {
        var result = submit(SubmitMessageUseCase.Command.text(caller, conversationId, text));
        if (result instanceof SubmitMessageUseCase.Result.Accepted accepted) {
            return accepted.turn();
        }
        throw new AssertionError("expected the message to be accepted, got " + result);
    }

    /** Follows one turn from its first event. */
    public EventCollector follow(ConversationId conversationId, TurnId turnId) {
        return stream(conversationId, OptionalLong.empty(), Optional.of(turnId));
    }

    public EventCollector stream(ConversationId conversationId, OptionalLong after, Optional<TurnId> turnId) {
        EventCollector collector = new EventCollector();
        var result = engine.streamEvents().open(
                new StreamEventsUseCase.Command(caller, conversationId, after, turnId), collector);
        if (!(result instanceof StreamEventsUseCase.Result.Opened)) {
            throw new AssertionError("expected the stream to open, got " + result);
        }
        return collector;
    }

    @Override
    public void close() {
        engine.close();
    }
}
