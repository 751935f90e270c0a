package dev.turnengine.embedded;

import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.embedded.wiring.EngineComponent;
import dev.turnengine.embedded.wiring.EngineConfig;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnTracing;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.embedded.wiring.EngineComponent;
import dev.turnengine.embedded.wiring.EngineConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The turn engine inside another JVM service, without HTTP: pick storage and agents, then submit,
 * stream and interrupt through {@link #engine()} or the shortcuts here. In-memory storage with the test
 * kit's scripted agent is the kit to unit-test against.
 */
public final class EmbeddedTurnEngine implements AutoCloseable {

    private final EngineComponent component;
    private final Map<TenantId, Caller> callers = new ConcurrentHashMap<>();

    private EmbeddedTurnEngine(EngineComponent component) {
        this.component = component;
    }

    /** Starts describing an engine: in-memory storage and the echo agent unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every use case of the engine. */
    public TurnEngine engine() {
        return component.engine();
    }

    /**
     * A caller of the tenant (embedded code has no bearer header): the first call issues the tenant a
     * token, later calls reuse it.
     */
    public Caller caller(TenantId tenant) {
        return callers.computeIfAbsent(tenant, this::issueCaller);
    }

    /** Creates a conversation with the default agent. */
    public ConversationId createConversation(Caller caller) {
        return switch (engine().createConversation().create(
                new CreateConversationUseCase.Command(caller, Optional.empty(), Optional.empty()))) {
            case CreateConversationUseCase.Result.Created created -> created.conversation().conversation().id();
            case CreateConversationUseCase.Result.Refused refused ->
                    throw new IllegalArgumentException(refused.refusal().detail());
        };
    }

    /** Submits a text message; its turn runs in the background. Throws with the reason when refused. */
    public Turn submit(Caller caller, ConversationId conversationId, String text) {
        return switch (engine().submitMessage().submit(
                SubmitMessageUseCase.Command.text(caller, conversationId, text))) {
            case SubmitMessageUseCase.Result.Accepted accepted -> accepted.turn();
            case SubmitMessageUseCase.Result.Replayed replayed -> replayed.turn();
            case SubmitMessageUseCase.Result.Refused refused ->
                    throw new IllegalArgumentException(refused.refusal().reason().code() + ": "
                            + refused.refusal().detail());
        };
    }

    /**
     * Delivers the conversation's events after {@code afterSeq} (0: from its first event), then live as they
     * happen, until the returned subscription is closed. The listener is called one event at a time on the
     * engine's delivery thread, so it must not block.
     */
    public Subscription stream(Caller caller, ConversationId conversationId, long afterSeq, EventListener listener) {
        return open(new StreamEventsUseCase.Command(caller, conversationId, OptionalLong.of(afterSeq),
                Optional.empty()), listener);
    }

    /** Waits for a turn's {@code final} event, replaying the turn from its start. */
    public TurnFinal awaitFinal(Caller caller, ConversationId conversationId, Turn turn, Duration timeout)
            throws TimeoutException, InterruptedException {
        CompletableFuture<TurnFinal> ending = new CompletableFuture<>();
        EventListener listener = new EventListener() {
            @Override
            public void event(JournalEvent event) {
                if (event.event() instanceof TurnFinal turnFinal) {
                    ending.complete(turnFinal);
                }
            }

            @Override
            public void failed(RuntimeException error) {
                ending.completeExceptionally(error);
            }
        };
        Subscription stream = open(new StreamEventsUseCase.Command(caller, conversationId, OptionalLong.empty(),
                Optional.of(turn.id())), listener);
        try {
            return ending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the stream failed", e.getCause());
        } finally {
            stream.close();
        }
    }

    /** Ends running turns as interrupted, then releases the storage. */
    @Override
    public void close() {
        try {
            component.engine().close();
        } finally {
            component.storage().close();
        }
    }

    private Caller issueCaller(TenantId tenant) {
        return engine().authenticate().authenticate(engine().manageTokens().issue(tenant).secret())
                .orElseThrow(() -> new IllegalStateException("a token just issued did not authenticate"));
    }

    private Subscription open(StreamEventsUseCase.Command command, EventListener listener) {
        StreamEventsUseCase.Result opened = engine().streamEvents().open(command, new StreamEventsUseCase.EventSink() {
            @Override
            public void event(JournalEvent event) {
                listener.event(event);
            }

            @Override
            public void end() {
            }

            @Override
            public void fail(RuntimeException error) {
                listener.failed(error);
            }
        });
        if (!(opened instanceof StreamEventsUseCase.Result.Opened stream)) {
            throw new IllegalArgumentException("conversation " + command.conversationId() + " cannot be streamed: "
                    + opened);
        }
        return stream.subscription()::close;
    }

    /** Receives a stream's events, one at a time. */
    @FunctionalInterface
    public interface EventListener {

        /** The next event, in sequence order. */
        void event(JournalEvent event);

        /** The stream stopped because storage failed; open it again after the last sequence received. */
        default void failed(RuntimeException error) {
        }
    }

    /** An open stream; closing it stops delivery. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {

        @Override
        void close();
    }

    /** Describes the engine to build. */
    public static final class Builder {

        private Optional<String> databaseUrl = Optional.empty();
        private final Map<String, AgentRunner> agents = new LinkedHashMap<>();
        private Optional<String> defaultAgent = Optional.empty();
        private EngineSettings settings = EngineSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private final List<JavaTool> tools = new ArrayList<>();
        private EngineMetrics metrics = EngineMetrics.none();
        private TurnTracing tracing = TurnTracing.none();

        private Builder() {
        }

        /** Where the engine reports for metrics (for example a Micrometer adapter); nowhere by default. */
        public Builder metrics(EngineMetrics value) {
            metrics = value;
            return this;
        }

        /** How turns are traced (for example an OpenTelemetry adapter); not at all by default. */
        public Builder tracing(TurnTracing value) {
            tracing = value;
            return this;
        }

        /** Keep everything in memory (the default). */
        public Builder inMemory() {
            databaseUrl = Optional.empty();
            return this;
        }

        /** Keep everything in PostgreSQL ({@code postgresql://user:pass@host:port/db} or a JDBC URL). */
        public Builder postgres(String url) {
            databaseUrl = Optional.of(url);
            return this;
        }

        /** Adds an agent; the first one added answers conversations that name none. */
        public Builder agent(String name, AgentRunner runner) {
            agents.put(name, runner);
            if (defaultAgent.isEmpty()) {
                defaultAgent = Optional.of(name);
            }
            return this;
        }

        /**
         * Offers a Java tool to every agent's turns (in the order added; names must differ). Answer calls that need
         * approval through {@code engine().answerToolCall()}.
         */
        public Builder tool(JavaTool tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Timeouts, retention, limits, history window and tool settings ({@link EngineSettings#withTools}). */
        public Builder settings(EngineSettings value) {
            settings = value;
            return this;
        }

        /** The clock the engine reads time from. */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** Builds and starts the engine. */
        public EmbeddedTurnEngine build() {
            EngineConfig config = new EngineConfig(databaseUrl, defaultAgent.orElse("echo"), Duration.ZERO, Map.of(),
                    agents, settings).withServerTools(tools.isEmpty() ? List.of() : List.of(new JavaTools(tools)))
                    .withTelemetry(metrics, tracing);
            return new EmbeddedTurnEngine(EngineComponent.build(config, clock));
        }
    }
}
