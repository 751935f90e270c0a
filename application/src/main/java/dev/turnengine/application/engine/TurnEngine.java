package dev.turnengine.application.engine;

import dev.turnengine.application.port.in.AuthenticateUseCase;
import dev.turnengine.application.port.in.BrowserPresenceUseCase;
import dev.turnengine.application.port.in.CheckHealthUseCase;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.application.port.in.ManageTokensUseCase;
import dev.turnengine.application.port.in.QueryTurnsUseCase;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.application.service.AuthenticateService;
import dev.turnengine.application.service.BrowserPresenceService;
import dev.turnengine.application.service.CreateConversationService;
import dev.turnengine.application.service.GetConversationService;
import dev.turnengine.application.service.HealthService;
import dev.turnengine.application.service.InterruptTurnService;
import dev.turnengine.application.service.StreamEventsService;
import dev.turnengine.application.service.SubmitMessageService;
import dev.turnengine.application.service.TokenService;
import dev.turnengine.application.service.TurnQueryService;
import java.time.Clock;

/**
 * A running engine: every use case over one set of ports, and the executor that runs the turns.
 * Adapters (HTTP, an embedding service, tests) call the use cases; {@link #close()} ends running turns
 * as interrupted and stops.
 */
public final class TurnEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final TurnExecutor executor;
    private final CreateConversationUseCase createConversation;
    private final GetConversationUseCase getConversation;
    private final SubmitMessageUseCase submitMessage;
    private final StreamEventsUseCase streamEvents;
    private final InterruptTurnUseCase interruptTurn;
    private final QueryTurnsUseCase queryTurns;
    private final BrowserPresenceUseCase browserPresence;
    private final AuthenticateUseCase authenticate;
    private final ManageTokensUseCase manageTokens;
    private final CheckHealthUseCase checkHealth;

    private TurnEngine(EnginePorts ports, EngineSettings settings, Clock clock) {
        this.settings = settings;
        this.executor = new TurnExecutor(ports, settings, clock);
        this.createConversation = new CreateConversationService(ports.conversations(), ports.agents(), clock);
        this.getConversation = new GetConversationService(ports.conversations(), ports.turns());
        this.submitMessage = new SubmitMessageService(ports.conversations(), ports.turns(), ports.idempotency(),
                ports.presence(), ports.interrupts(), executor, settings.limits(), settings.idempotencyRetention(),
                clock);
        this.streamEvents = new StreamEventsService(ports.conversations(), ports.turns(), ports.journal());
        this.interruptTurn = new InterruptTurnService(ports.conversations(), ports.turns(), ports.interrupts());
        this.queryTurns = new TurnQueryService(ports.conversations(), ports.turns());
        this.browserPresence = new BrowserPresenceService(ports.presence(), settings.presenceWindow(), clock);
        this.authenticate = new AuthenticateService(ports.tokens());
        this.manageTokens = new TokenService(ports.tokens());
        this.checkHealth = new HealthService(ports.health());
    }

    /** Builds the engine and starts its executor (recovery of left-over turns included). */
    public static TurnEngine start(EnginePorts ports, EngineSettings settings, Clock clock) {
        TurnEngine engine = new TurnEngine(ports, settings, clock);
        engine.executor.start();
        return engine;
    }

    public CreateConversationUseCase createConversation() {
        return createConversation;
    }

    public GetConversationUseCase getConversation() {
        return getConversation;
    }

    public SubmitMessageUseCase submitMessage() {
        return submitMessage;
    }

    public StreamEventsUseCase streamEvents() {
        return streamEvents;
    }

    public InterruptTurnUseCase interruptTurn() {
        return interruptTurn;
    }

    public QueryTurnsUseCase queryTurns() {
        return queryTurns;
    }

    public BrowserPresenceUseCase browserPresence() {
        return browserPresence;
    }

    public AuthenticateUseCase authenticate() {
        return authenticate;
    }

    public ManageTokensUseCase manageTokens() {
        return manageTokens;
    }

    public CheckHealthUseCase checkHealth() {
        return checkHealth;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Turns running on this node now. */
    public int runningTurns() {
        return executor.runningTurns();
    }

    /** Ends running turns as interrupted (code {@code shutdown}) and stops running turns. */
    @Override
    public void close() {
        executor.close();
    }
}
