package dev.turnengine.adapter.agent.echo;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An agent that streams the user's text back word by word, for demos and plumbing tests. */
public final class EchoAgentRunner implements AgentRunner {

    private final Duration delay;

    /** An echo agent that answers at once. */
    public EchoAgentRunner() {
        this(Duration.ZERO);
    }

    /** An echo agent that pauses {@code delay} before each word; a cancellation cuts the pause short. */
    public EchoAgentRunner(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the echo delay cannot be negative");
        }
        this.delay = delay;
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        for (String word : words(request.message().text())) {
            if (!delay.isZero() && awaitCancellation(cancelled)) {
                break;
            }
            if (cancellation.isCancelled()) {
                break;
            }
            output.delta(word);
        }
        return AgentResult.withoutUsage();
    }

    /** Pauses for the delay; true when the pause ended because the turn was cancelled or the thread interrupted. */
    private boolean awaitCancellation(CountDownLatch cancelled) {
        try {
            return cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Splits text into words, each with the whitespace that follows it; whitespace before the first word
     * belongs to it, so the pieces joined give back the text exactly.
     */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            words.add(text.substring(start, i));
            start = i;
        }
        return words;
    }
}
