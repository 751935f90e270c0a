package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.turnengine.domain.agent.AgentRequest;
import java.util.Set;

/** Claude models through Anthropic's Messages API. */
final class AnthropicTurnModels implements TurnModelFactory {

    /** Anthropic requires a limit on every request; this one leaves room for long answers. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final ModelAgentConfig config;

    AnthropicTurnModels(ModelAgentConfig config) {
        this.config = config;
    }

    @Override
    public StreamingChatModel create(AgentRequest request, HttpClientBuilder httpClientBuilder) {
        AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder builder = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(httpClientBuilder)
                .baseUrl(config.baseUrl())
                .apiKey(config.apiKey().orElseThrow())
                .modelName(config.model())
                .maxTokens(config.maxOutputTokens().orElse(DEFAULT_MAX_TOKENS))
                .timeout(config.timeout());
        OpaqueIdentity.of(request.message().identityJson()).ifPresent(builder::userId);
        return builder.build();
    }

    @Override
    public boolean acceptsImage(String mediaType) {
        return IMAGE_TYPES.contains(mediaType);
    }
}
