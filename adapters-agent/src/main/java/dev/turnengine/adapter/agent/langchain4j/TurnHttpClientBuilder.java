package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * Hands LangChain4j a client bound to one turn's {@link UpstreamCall}, over a JDK client shared by all turns;
 * the connect timeout is the shared client's, the read timeout bounds the wait for response headers.
 */
final class TurnHttpClientBuilder implements HttpClientBuilder {

    private final java.net.http.HttpClient shared;
    private final UpstreamCall call;
    private Duration connectTimeout;
    private Duration readTimeout;

    TurnHttpClientBuilder(java.net.http.HttpClient shared, UpstreamCall call) {
        this.shared = shared;
        this.call = call;
        this.connectTimeout = shared.connectTimeout().orElse(null);
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new TurnHttpClient(shared, call, readTimeout);
    }
}
