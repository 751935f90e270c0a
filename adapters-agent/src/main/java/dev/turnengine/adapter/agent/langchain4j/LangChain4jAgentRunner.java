package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.Cancelled;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.Completed;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.Delta;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.Failed;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.Signal;
import dev.turnengine.adapter.agent.langchain4j.StreamSignals.StreamEnded;
import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.agent.ToolStepLimit;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.turn.Usage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An agent answered by a LangChain4j streaming chat model: the reply streams out as it is generated, an
 * interrupt closes the provider's HTTP stream at once, and a model that goes silent for longer than the
 * timeout fails the turn instead of hanging it. When the model calls tools, the calls of each response go to the
 * turn's {@link dev.turnengine.domain.agent.Tools} together, their results go back to the model, and the loop
 * repeats until the model answers without calling a tool (or the tool step limit is reached).
 */
public final class LangChain4jAgentRunner implements AgentRunner, AutoCloseable {

    /** Connecting is quick or it fails; waiting the whole model timeout for a dead host helps no one. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final TurnModelFactory models;
    private final Optional<String> systemPrompt;
    private final Duration timeout;
    private final ModelErrors errors;
    private final HttpClient http;
    private final ToolStepLimit toolSteps;
    private final ModelCallTelemetry telemetry;

    /**
     * @param providerName how messages to people name the model's server, e.g. {@code "Ollama server"}
     * @param baseUrl the server's base URL, named when it cannot be reached
     * @param systemPrompt sent before the conversation's history on every turn
     * @param timeout how long the model may stay silent before the turn fails with {@code model_timeout}
     */
    public LangChain4jAgentRunner(
            TurnModelFactory models, String providerName, String baseUrl, Optional<String> systemPrompt,
            Duration timeout) {
        this(models, providerName, baseUrl, systemPrompt, timeout, ToolStepLimit.DEFAULT);
    }

    /**
     * @param toolSteps how many model calls one turn may make; a model still calling tools after the last fails
     *     the turn with {@code too_many_tool_steps}
     */
    public LangChain4jAgentRunner(
            TurnModelFactory models, String providerName, String baseUrl, Optional<String> systemPrompt,
            Duration timeout, ToolStepLimit toolSteps) {
        this(models, providerName, baseUrl, systemPrompt, timeout, toolSteps, "other", EngineMetrics.none());
    }

    /**
     * @param provider the provider's {@code TURNS_AGENT} name, as metrics and spans name it
     * @param metrics where each model call is reported
     */
    public LangChain4jAgentRunner(
            TurnModelFactory models, String providerName, String baseUrl, Optional<String> systemPrompt,
            Duration timeout, ToolStepLimit toolSteps, String provider, EngineMetrics metrics) {
        this.telemetry = new ModelCallTelemetry(Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(metrics, "metrics"));
        this.toolSteps = Objects.requireNonNull(toolSteps, "toolSteps");
        this.models = Objects.requireNonNull(models, "models");
        this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the model timeout must be positive");
        }
        this.errors = new ModelErrors(providerName, baseUrl);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            return AgentResult.withoutUsage();
        }
        List<ChatMessage> messages = new ArrayList<>(ChatMessages.of(request, systemPrompt, models::acceptsImage));
        List<ToolSpecification> tools = ModelTools.specifications(request.tools().offered());
        Set<String> callIds = new HashSet<>();
        Optional<Usage> usage = Optional.empty();
        for (int modelCalls = 1; ; modelCalls++) {
            Optional<ChatResponse> answered = ask(request, messages, tools, output, cancellation);
            if (answered.isEmpty()) {
                return new AgentResult(usage);
            }
            ChatResponse response = answered.get();
            if (!models.isFinished(response)) {
                throw errors.incomplete();
            }
            usage = plus(usage, usage(response.tokenUsage()));
            AiMessage reply = response.aiMessage();
            if (reply == null || !reply.hasToolExecutionRequests()) {
                return new AgentResult(usage);
            }
            if (!toolSteps.allowsAnother(modelCalls)) {
                throw toolSteps.exceeded();
            }
            List<ToolCall> calls = ModelTools.calls(reply.toolExecutionRequests(), callIds);
            messages.add(ModelTools.replyWithCalls(reply, calls));
            List<ToolResult> results = request.tools().call(calls);
            if (cancellation.isCancelled()) {
                return new AgentResult(usage);
            }
            ModelTools.requireAnswers(calls, results);
            messages.addAll(ModelTools.resultMessages(results, models::acceptsImage));
        }
    }

    /**
     * One model call: streams its text to {@code output} and returns the whole response, or nothing when the turn
     * was cancelled. Whatever the outcome, the call's connections are closed before this returns, so no stream
     * stays open while tools run.
     */
    private Optional<ChatResponse> ask(
            AgentRequest request, List<ChatMessage> messages, List<ToolSpecification> tools, AgentOutput output,
            Cancellation cancellation) {
        StreamSignals signals = new StreamSignals();
        UpstreamCall call = new UpstreamCall(signals::streamEnded);
        cancellation.onCancel(() -> {
            call.abort();
            signals.cancelled();
        });
        if (cancellation.isCancelled()) {
            return Optional.empty();
        }
        ModelCallTelemetry.Call traced = telemetry.start(request.turnId());
        Optional<ChatResponse> answered = Optional.empty();
        String outcome = ModelCallTelemetry.FAILED;
        try {
            start(request, messages, tools, call, signals);
            answered = relay(signals, call, output, cancellation);
            outcome = answered.isPresent() ? ModelCallTelemetry.COMPLETED : ModelCallTelemetry.CANCELLED;
            return answered;
        } finally {
            call.abort();
            traced.end(outcome, answered.flatMap(response -> usage(response.tokenUsage())));
        }
    }

    /** Sends the request; what fails here (a model that rejects its settings, a request that cannot be built) is the model's failure. */
    private void start(
            AgentRequest request, List<ChatMessage> messages, List<ToolSpecification> tools, UpstreamCall call,
            StreamSignals signals) {
        try {
            StreamingChatModel model = models.create(request, new TurnHttpClientBuilder(http, call));
            ChatRequest.Builder chatRequest = ChatRequest.builder().messages(List.copyOf(messages));
            if (!tools.isEmpty()) {
                chatRequest.toolSpecifications(tools);
            }
            model.chat(chatRequest.build(), signals);
        } catch (AgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e);
        }
    }

    /** Passes the model's text on until its response ends one way or another. */
    private Optional<ChatResponse> relay(
            StreamSignals signals, UpstreamCall call, AgentOutput output, Cancellation cancellation) {
        try {
            while (true) {
                Duration left = timeout.minus(call.silence());
                Signal signal = left.isNegative() || left.isZero() ? null : signals.next(left);
                if (cancellation.isCancelled()) {
                    return Optional.empty();
                }
                switch (signal) {
                    case null -> {
                        if (call.silence().compareTo(timeout) >= 0) {
                            throw errors.stalled(timeout);
                        }
                    }
                    case Delta delta -> output.delta(delta.text());
                    case Completed completed -> {
                        return Optional.of(completed.response());
                    }
                    case Failed failed -> throw errors.map(failed.error());
                    case StreamEnded ended -> throw errors.incomplete();
                    case Cancelled cancelled -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Usage> plus(Optional<Usage> total, Optional<Usage> more) {
        if (total.isEmpty()) {
            return more;
        }
        return more.map(total.get()::plus).or(() -> total);
    }

    private static Optional<Usage> usage(TokenUsage tokens) {
        if (tokens == null || (tokens.inputTokenCount() == null && tokens.outputTokenCount() == null)) {
            return Optional.empty();
        }
        return Optional.of(new Usage(count(tokens.inputTokenCount()), count(tokens.outputTokenCount())));
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : Math.max(0, tokens);
    }

    /** Releases the shared HTTP client's connections and threads. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
