package dev.turnengine.benchmarks.journal;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.AgentRunner;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An agent that streams tokens at a set pace per turn until a deadline, far faster than any model: each turn
 * emits what is due every half millisecond, so the engine decides how tokens are grouped into journal rows. A
 * delta call returns once the engine has taken the token (on PostgreSQL before it is durable; the engine waits
 * only when a turn's unwritten text piles up), so durability is measured apart: for the conversations being
 * watched ({@link #watch}) the agent logs when it produced each token.
 */
public final class FloodAgentRunner implements AgentRunner {

    /** A typical model token. */
    public static final String TOKEN = "token ";
    /** The journal's stored body of such a delta, for the raw baseline's rows. */
    static final String PAYLOAD = "{\"delta\":\"" + TOKEN + "\"}";

    private final double tokensPerSecond;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private final LongAdder measured = new LongAdder();
    private final LongAdder produced = new LongAdder();
    private final Map<ConversationId, ProductionLog> logs = new ConcurrentHashMap<>();

    /** An agent whose every turn produces {@code tokensPerSecond} tokens a second. */
    public FloodAgentRunner(double tokensPerSecond) {
        this.tokensPerSecond = tokensPerSecond;
    }

    /**
     * Sets the window ({@link System#nanoTime()}): tokens flow until {@code until}, and those from {@code from}
     * on count. Until it is set, turns flood without counting.
     */
    public void window(long from, long until) {
        measureUntil = until;
        measureFrom = from;
    }

    /** Logs when each token of the conversation's turn is produced (call before the turn starts). */
    public ProductionLog watch(ConversationId conversationId) {
        return logs.computeIfAbsent(conversationId, id -> new ProductionLog());
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        ProductionLog log = logs.get(request.conversation().id());
        long start = System.nanoTime();
        long emitted = 0;
        while (!cancellation.isCancelled()) {
            long now = System.nanoTime();
            if (now >= measureUntil) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * tokensPerSecond) + 1;
            for (; emitted < due && !cancellation.isCancelled(); emitted++) {
                long before = System.nanoTime();
                if (log != null) {
                    log.add(before);
                }
                output.delta(TOKEN);
                produced.increment();
                if (before >= measureFrom && before < measureUntil) {
                    measured.increment();
                }
            }
            LockSupport.parkNanos(500_000);
        }
        return AgentResult.withoutUsage();
    }

    /** Tokens produced inside the window. */
    public long measured() {
        return measured.sum();
    }

    /** Every token produced, warm-up included. */
    public long produced() {
        return produced.sum();
    }

    /** When a watched turn produced each of its tokens, in order. */
    public static final class ProductionLog {

        private long[] nanos = new long[1024];
        private int size;

        synchronized void add(long at) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = at;
        }

        /** When token {@code index} was produced; -1 if it has not been. */
        public synchronized long producedAt(int index) {
            return index < size ? nanos[index] : -1;
        }
    }
}
