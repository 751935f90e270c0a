package dev.turnengine.application.engine;

import dev.turnengine.application.execution.TurnExecutor;
import dev.turnengine.application.port.in.AnswerToolCallUseCase;
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
import dev.turnengine.application.service.AnswerToolCallService;
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
import dev.turnengine.application.port.in.DeleteConversationUseCase;
import dev.turnengine.application.port.in.ListConversationsUseCase;
import dev.turnengine.application.port.in.ManageWebhookUseCase;
import dev.turnengine.application.port.out.HostResolver;
import dev.turnengine.application.port.out.WebhookSender;
import dev.turnengine.application.retention.ConversationCleanup;
import dev.turnengine.application.service.DeleteConversationService;
import dev.turnengine.application.service.ListConversationsService;
import dev.turnengine.application.service.WebhookService;
import dev.turnengine.application.webhook.WebhookDispatcher;
import dev.turnengine.application.webhook.WebhookTargets;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.event.JournalEvent;
import java.time.Clock;
import java.util.List;

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
    private final ListConversationsUseCase listConversations;
    private final DeleteConversationUseCase deleteConversation;
    private final ManageWebhookUseCase manageWebhook;
    private final Storage storage;
    private final LifecycleSettings lifecycle;
    private final Clock clock;
    private final WebhookTargets webhookTargets;
    private final ConversationCleanup cleanup;
    private WebhookDispatcher webhookDispatcher;
    private final EngineMetrics metrics;
    private final AnswerToolCallUseCase answerToolCall;

    private TurnEngine(EnginePorts ports, EngineSettings settings, LifecycleSettings lifecycle, Clock clock) {
        this.metrics = ports.metrics();
        Storage storage = ports.storage();
        this.storage = storage;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.settings = settings;
        this.executor = new TurnExecutor(storage, ports.agents(), ports.serverTools(), settings.execution(), clock,
                ports.metrics(), ports.tracing());
        this.createConversation = new CreateConversationService(storage.conversations(), ports.agents(), clock);
        this.getConversation = new GetConversationService(storage.conversations(), storage.turns(), storage.toolCalls());
        this.submitMessage = new MeteredSubmit(new SubmitMessageService(storage.conversations(), storage.turns(),
                storage.idempotency(), storage.presence(), storage.interrupts(), executor, settings.limits(),
                settings.idempotencyRetention(), clock, ports.metrics()), ports.metrics());
        this.streamEvents = new StreamEventsService(storage.conversations(), storage.turns(), storage.journal());
        this.interruptTurn = new MeteredInterrupt(new InterruptTurnService(storage.conversations(), storage.turns(),
                storage.interrupts(), clock, ports.metrics()), ports.metrics());
        this.queryTurns = new TurnQueryService(storage.conversations(), storage.turns(), storage.toolCalls());
        this.browserPresence = new BrowserPresenceService(storage.presence(), settings.presenceWindow(), clock);
        this.authenticate = new AuthenticateService(storage.tokens());
        this.manageTokens = new TokenService(storage.tokens());
        this.checkHealth = new HealthService(storage.health());
        this.listConversations = new ListConversationsService(storage.conversations());
        this.deleteConversation = new DeleteConversationService(storage.erasure(), storage.interrupts(), clock,
                ports.metrics());
        this.webhookTargets = new WebhookTargets(HostResolver.system(), lifecycle.webhooks().allowPrivateTargets());
        this.manageWebhook = new WebhookService(storage.webhooks(), webhookTargets);
        this.cleanup = new ConversationCleanup(storage.erasure(), lifecycle.retention(), lifecycle.cleanupInterval(),
                clock);
        this.answerToolCall = new AnswerToolCallService(storage.conversations(), storage.turns(), storage.toolCalls(),
                settings.limits());
    }

    /** Builds the engine and starts its executor (recovery of left-over turns included). */
    public static TurnEngine start(EnginePorts ports, EngineSettings settings, Clock clock) {
        return start(ports, settings, LifecycleSettings.defaults(), clock);
    }

    /** Builds the engine with these retention and webhook settings and starts it. */
    public static TurnEngine start(EnginePorts ports, EngineSettings settings, LifecycleSettings lifecycle,
            Clock clock) {
        TurnEngine engine = new TurnEngine(ports, settings, lifecycle, clock);
        engine.executor.start();
        engine.cleanup.start();
        return engine;
    }

    /**
     * Starts posting webhook deliveries through {@code sender}. Without it, deliveries wait in the outbox
     * (for another node, or a later start, to post them).
     */
    public synchronized void deliverWebhooks(WebhookSender sender) {
        if (webhookDispatcher != null) {
            throw new IllegalStateException("webhooks are already delivered");
        }
        webhookDispatcher = new WebhookDispatcher(storage.outbox(), sender, webhookTargets, lifecycle.webhooks(), clock,
                metrics);
        webhookDispatcher.start();
    }

    public ListConversationsUseCase listConversations() {
        return listConversations;
    }

    public DeleteConversationUseCase deleteConversation() {
        return deleteConversation;
    }

    public ManageWebhookUseCase manageWebhook() {
        return manageWebhook;
    }

    public LifecycleSettings lifecycle() {
        return lifecycle;
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

    public AnswerToolCallUseCase answerToolCall() {
        return answerToolCall;
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
        shutdown();
    }

    /**
     * Closes as {@link #close()} does and returns the {@code final} events of the turns it ended, for the
     * streams still open (see the HTTP adapter's shutdown). Calling it again returns nothing new.
     */
    public List<JournalEvent> shutdown() {
        cleanup.close();
        List<JournalEvent> finals = executor.shutdown();
        synchronized (this) {
            if (webhookDispatcher != null) {
                webhookDispatcher.close();
            }
        }
        return finals;
    }
}
