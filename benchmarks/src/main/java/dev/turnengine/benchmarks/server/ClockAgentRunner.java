package dev.turnengine.benchmarks.server;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An agent for delivery-latency measurements: asked {@code "clock <interval-ms> <duration-ms>"}, it writes one
 * delta every interval for the duration, each delta being the wall-clock time (epoch microseconds) at which it
 * was produced, so a client on the same machine can tell how long the delta took to reach it.
 */
public final class ClockAgentRunner implements AgentRunner {

    /** The agent's name in the catalog. */
    public static final String NAME = "clock";

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        String[] words = request.message().text().trim().split("\\s+");
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[1]));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[2]));
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        long next = System.nanoTime();
        while (!cancellation.isCancelled() && next < end) {
            try {
                if (cancelled.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            output.delta(epochMicros() + " ");
            next += intervalNanos;
        }
        return AgentResult.withoutUsage();
    }

    /** Wall-clock time in microseconds since the epoch; the same clock in every process of the machine. */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
