package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.turnengine.domain.agent.AgentRequest;
import java.util.Set;

/** Local models served by Ollama's {@code /api/chat}; it has no place for an end-user id, so identity is not sent. */
final class OllamaTurnModels implements TurnModelFactory {

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");

    private final ModelAgentConfig config;

    OllamaTurnModels(ModelAgentConfig config) {
        this.config = config;
    }

    @Override
    public StreamingChatModel create(AgentRequest request, HttpClientBuilder httpClientBuilder) {
        OllamaStreamingChatModel.OllamaStreamingChatModelBuilder builder = OllamaStreamingChatModel.builder()
                .httpClientBuilder(httpClientBuilder)
                .baseUrl(config.baseUrl())
                .modelName(config.model())
                .timeout(config.timeout());
        config.maxOutputTokens().ifPresent(builder::numPredict);
        return builder.build();
    }

    /** Ollama passes images to vision models (llava, llama3.2-vision …); text-only models ignore them. */
    @Override
    public boolean acceptsImage(String mediaType) {
        return IMAGE_TYPES.contains(mediaType);
    }
}
