package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.turnengine.adapter.agent.tracing.AgentTracing;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * LangChain4j's HTTP client for one turn: every exchange and response stream it opens is registered with the
 * turn's {@link UpstreamCall}, so an interrupt or a stall closes the connection to the provider at once —
 * LangChain4j's own handles can only cancel from inside a callback, which a stalled stream never makes.
 */
final class TurnHttpClient implements HttpClient {

    /** Error bodies are read for their message only; a provider has no reason to send more. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final java.net.http.HttpClient http;
    private final UpstreamCall call;
    private final Duration responseTimeout;

    TurnHttpClient(java.net.http.HttpClient http, UpstreamCall call, Duration responseTimeout) {
        this.http = http;
        this.call = call;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        call.touch();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(toJdkRequest(request), BodyHandlers.ofString());
        call.onAbort(() -> pending.cancel(true));
        try {
            HttpResponse<String> response = pending.get();
            call.touch();
            if (!isSuccessful(response.statusCode())) {
                throw new HttpException(response.statusCode(), response.body());
            }
            return toSuccessfulResponse(response, response.body());
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (CancellationException e) {
            throw new LangChain4jException("the model call was aborted", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.abort();
            throw new LangChain4jException("interrupted while waiting for the model", e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        call.touch();
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(toJdkRequest(request), BodyHandlers.ofInputStream());
        call.onAbort(() -> pending.cancel(true));
        Thread.ofVirtual().name("model-stream").start(() -> stream(pending, parser, listener));
    }

    private void stream(
            CompletableFuture<HttpResponse<InputStream>> pending,
            ServerSentEventParser parser,
            ServerSentEventListener listener) {
        try {
            HttpResponse<InputStream> response = pending.get();
            call.touch();
            try (InputStream body = new ActivityInputStream(response.body(), call)) {
                call.onAbort(() -> closeQuietly(body));
                if (!isSuccessful(response.statusCode())) {
                    listener.onError(new HttpException(response.statusCode(), readErrorBody(body)));
                    return;
                }
                listener.onOpen(toSuccessfulResponse(response, null));
                parser.parse(body, listener);
                listener.onClose();
            }
        } catch (ExecutionException e) {
            if (!call.isAborted()) {
                listener.onError(translate(e.getCause()));
            }
        } catch (CancellationException e) {
            // aborted before the provider answered: the turn has already moved on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!call.isAborted()) {
                listener.onError(e);
            }
        } finally {
            call.streamEnded();
        }
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart requests are not used by chat models");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        // The turn's trace goes on to the provider (the model call's span is current on this thread).
        AgentTracing.currentHeaders().forEach((name, value) -> {
            if (!request.headers().containsKey(name)) {
                builder.header(name, value);
            }
        });
        builder.method(
                request.method().name(),
                request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (responseTimeout != null) {
            builder.timeout(responseTimeout);
        }
        return builder.build();
    }

    /** Keeps the JDK's own exception (connect refused, unresolved host …) so the error mapping can see it. */
    private static RuntimeException translate(Throwable failure) {
        if (failure instanceof HttpTimeoutException && !(failure instanceof HttpConnectTimeoutException)) {
            return new TimeoutException(failure);
        }
        return failure instanceof RuntimeException runtime ? runtime : new LangChain4jException(failure);
    }

    private static boolean isSuccessful(int status) {
        return status >= 200 && status < 300;
    }

    private static SuccessfulHttpResponse toSuccessfulResponse(HttpResponse<?> response, String body) {
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(body)
                .build();
    }

    private static String readErrorBody(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the connection is being dropped anyway
        }
    }

    /** Counts every byte that arrives as a sign of life for the stall timeout. */
    private static final class ActivityInputStream extends FilterInputStream {

        private final UpstreamCall call;

        ActivityInputStream(InputStream in, UpstreamCall call) {
            super(in);
            this.call = call;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                call.touch();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                call.touch();
            }
            return n;
        }
    }
}
