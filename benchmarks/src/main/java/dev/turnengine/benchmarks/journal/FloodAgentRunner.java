package dev.turnengine.benchmarks.journal;

import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import java.util.concurrent.atomic.LongAdder;

/**
 * An agent that streams deltas as fast as the engine takes them until a deadline. Each call to
 * {@link AgentOutput#delta} returns once the delta is durable, so its duration is the delay from a delta
 * being produced to it being durable; calls that start and end inside the measurement window are counted.
 */
public final class FloodAgentRunner implements AgentRunner {

    /** A typical model token. */
    public static final String TOKEN = "token ";
    /** The journal's stored body of such a delta, for the raw baseline's rows. */
    static final String PAYLOAD = "{\"delta\":\"" + TOKEN + "\"}";

    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private final LatencySamples durable = new LatencySamples();
    private final LongAdder measured = new LongAdder();
    private final LongAdder produced = new LongAdder();

    /**
     * Sets the window ({@link System#nanoTime()}): deltas flow until {@code until}, and those from {@code from}
     * on count. Until it is set, turns flood without counting.
     */
    public void window(long from, long until) {
        measureUntil = until;
        measureFrom = from;
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        while (!cancellation.isCancelled()) {
            long before = System.nanoTime();
            if (before >= measureUntil) {
                break;
            }
            output.delta(TOKEN);
            long after = System.nanoTime();
            produced.increment();
            if (before >= measureFrom && after <= measureUntil) {
                measured.increment();
                durable.add(after - before);
            }
        }
        return AgentResult.withoutUsage();
    }

    /** Produce-to-durable delays of the counted deltas. */
    public LatencySamples durable() {
        return durable;
    }

    /** Deltas that started and became durable inside the window. */
    public long measured() {
        return measured.sum();
    }

    /** Every delta made durable, warm-up included. */
    public long produced() {
        return produced.sum();
    }
}
