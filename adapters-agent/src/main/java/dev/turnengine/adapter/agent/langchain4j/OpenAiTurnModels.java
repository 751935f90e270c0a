package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.turnengine.domain.agent.AgentRequest;
import java.util.Set;

/** Chat-completions models of OpenAI or any OpenAI-compatible server (vLLM, llama.cpp, LM Studio, LiteLLM …). */
final class OpenAiTurnModels implements TurnModelFactory {

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final ModelAgentConfig config;

    OpenAiTurnModels(ModelAgentConfig config) {
        this.config = config;
    }

    @Override
    public StreamingChatModel create(AgentRequest request, HttpClientBuilder httpClientBuilder) {
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(httpClientBuilder)
                .baseUrl(config.baseUrl())
                .modelName(config.model())
                .timeout(config.timeout());
        config.apiKey().ifPresent(builder::apiKey);
        // max_tokens rather than max_completion_tokens: the one every compatible server understands.
        config.maxOutputTokens().ifPresent(builder::maxTokens);
        OpaqueIdentity.of(request.message().identityJson()).ifPresent(builder::user);
        return builder.build();
    }

    @Override
    public boolean acceptsImage(String mediaType) {
        return IMAGE_TYPES.contains(mediaType);
    }

    /** The last chunk carries a finish reason; a stream that closes without one was cut off. */
    @Override
    public boolean isFinished(ChatResponse response) {
        return response.finishReason() != null;
    }
}
