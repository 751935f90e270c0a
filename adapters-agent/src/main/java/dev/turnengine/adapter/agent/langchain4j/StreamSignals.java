package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries LangChain4j's callbacks, which arrive on the HTTP reader's thread, to the turn's own thread in
 * order, together with the turn's cancellation and the end of the response stream.
 */
final class StreamSignals implements StreamingChatResponseHandler {

    /** Something the turn's thread must react to. */
    sealed interface Signal {}

    /** Reply text. */
    record Delta(String text) implements Signal {}

    /** LangChain4j assembled the whole response. */
    record Completed(ChatResponse response) implements Signal {}

    /** LangChain4j or the HTTP client reported a failure. */
    record Failed(Throwable error) implements Signal {}

    /** The response stream was read to its end or broke; any completion or failure came before this. */
    record StreamEnded() implements Signal {}

    /** The turn was interrupted, timed out or the engine is stopping. */
    record Cancelled() implements Signal {}

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

    @Override
    public void onPartialResponse(String text) {
        if (text != null && !text.isEmpty()) {
            signals.add(new Delta(text));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        signals.add(new Completed(response));
    }

    @Override
    public void onError(Throwable error) {
        signals.add(new Failed(error));
    }

    void streamEnded() {
        signals.add(new StreamEnded());
    }

    void cancelled() {
        signals.add(new Cancelled());
    }

    /** The next signal, or null when none came within {@code wait}. */
    Signal next(Duration wait) throws InterruptedException {
        return signals.poll(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
    }
}
