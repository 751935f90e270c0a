package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.turnengine.domain.agent.AgentRequest;

/** Builds the LangChain4j streaming model that answers one turn, so any provider can back a {@link LangChain4jAgentRunner}. */
public interface TurnModelFactory {

    /**
     * The model for this turn. It must do all its HTTP through {@code httpClientBuilder}: that is how the turn
     * closes the provider's stream on interrupt or stall. Per-turn settings (such as an end-user id derived
     * from the request's identity) belong here.
     */
    StreamingChatModel create(AgentRequest request, HttpClientBuilder httpClientBuilder);

    /** Whether an image of this media type (e.g. {@code image/png}) can be sent as an image; otherwise it is only named. */
    default boolean acceptsImage(String mediaType) {
        return false;
    }

    /**
     * Whether a response LangChain4j reported complete really reached the provider's end of reply; some
     * protocols look complete when the connection merely closed early.
     */
    default boolean isFinished(ChatResponse response) {
        return true;
    }
}
