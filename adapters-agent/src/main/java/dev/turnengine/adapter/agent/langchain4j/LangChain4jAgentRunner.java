package dev.turnengine.adapter.agent.langchain4j;

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
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.turn.Usage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent answered by a LangChain4j streaming chat model: the reply streams out as it is generated, an
 * interrupt closes the provider's HTTP stream at once, and a model that goes silent for longer than the
 * timeout fails the turn instead of hanging it.
 */
public final class LangChain4jAgentRunner implements AgentRunner, AutoCloseable {

    /** Connecting is quick or it fails; waiting the whole model timeout for a dead host helps no one. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final TurnModelFactory models;
    private final Optional<String> systemPrompt;
    private final Duration timeout;
    private final ModelErrors errors;
    private final HttpClient http;

    /**
     * @param providerName how messages to people name the model's server, e.g. {@code "Ollama server"}
     * @param baseUrl the server's base URL, named when it cannot be reached
     * @param systemPrompt sent before the conversation's history on every turn
     * @param timeout how long the model may stay silent before the turn fails with {@code model_timeout}
     */
    public LangChain4jAgentRunner(
            TurnModelFactory models, String providerName, String baseUrl, Optional<String> systemPrompt,
            Duration timeout) {
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
        StreamSignals signals = new StreamSignals();
        UpstreamCall call = new UpstreamCall(signals::streamEnded);
        cancellation.onCancel(() -> {
            call.abort();
            signals.cancelled();
        });
        if (cancellation.isCancelled()) {
            return AgentResult.withoutUsage();
        }
        try {
            start(request, call, signals);
            return relay(signals, call, output, cancellation);
        } finally {
            call.abort();
        }
    }

    /** Sends the request; what fails here (a model that rejects its settings, a request that cannot be built) is the model's failure. */
    private void start(AgentRequest request, UpstreamCall call, StreamSignals signals) {
        try {
            StreamingChatModel model = models.create(request, new TurnHttpClientBuilder(http, call));
            ChatRequest chatRequest = ChatRequest.builder()
                    .messages(ChatMessages.of(request, systemPrompt, models::acceptsImage))
                    .build();
            model.chat(chatRequest, signals);
        } catch (AgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e);
        }
    }

    /** Passes the model's signals on until the reply ends one way or another. */
    private AgentResult relay(StreamSignals signals, UpstreamCall call, AgentOutput output, Cancellation cancellation) {
        try {
            while (true) {
                Duration left = timeout.minus(call.silence());
                Signal signal = left.isNegative() || left.isZero() ? null : signals.next(left);
                if (cancellation.isCancelled()) {
                    return AgentResult.withoutUsage();
                }
                switch (signal) {
                    case null -> {
                        if (call.silence().compareTo(timeout) >= 0) {
                            throw errors.stalled(timeout);
                        }
                    }
                    case Delta delta -> output.delta(delta.text());
                    case Completed completed -> {
                        return finish(completed.response());
                    }
                    case Failed failed -> throw errors.map(failed.error());
                    case StreamEnded ended -> throw errors.incomplete();
                    case Cancelled cancelled -> {
                        return AgentResult.withoutUsage();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentResult.withoutUsage();
        }
    }

    private AgentResult finish(ChatResponse response) {
        if (!models.isFinished(response)) {
            throw errors.incomplete();
        }
        return new AgentResult(usage(response.tokenUsage()));
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
