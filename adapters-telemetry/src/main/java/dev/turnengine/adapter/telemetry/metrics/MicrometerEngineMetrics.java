package dev.turnengine.adapter.telemetry.metrics;

import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.report.TurnSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * The engine's reports as Micrometer meters, on any registry (Prometheus names in brackets): turns accepted and
 * ended by status and code, turn duration, queue wait and first-delta histograms, live turn gauges, streams,
 * replays, interrupts, journal batches, model calls with tokens, tool calls and webhook deliveries. Every label
 * value comes from a closed set ({@link BoundedLabel}); ids never become labels.
 */
public final class MicrometerEngineMetrics implements EngineMetrics {

    private static final Duration[] TURN_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600);
    private static final Duration[] WAIT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10, 30, 60);
    private static final Duration[] FIRST_DELTA_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
            30, 60);
    private static final Duration[] COMMIT_BUCKETS = seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 1);

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter replays;
    private final Counter interrupts;
    private final Timer queueWait;
    private final Timer firstDelta;
    private final DistributionSummary journalRows;
    private final Timer journalCommit;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter slowReaders;
    private final BoundedLabel errorCodes = BoundedLabel.open(50, "none", TurnError.AGENT_ERROR,
            TurnError.AGENT_UNAVAILABLE, TurnError.TIMEOUT, TurnError.SHUTDOWN, TurnError.ABANDONED,
            TurnError.STORAGE_ERROR);
    private final BoundedLabel providers = BoundedLabel.closed("openai", "anthropic", "ollama");
    private final BoundedLabel modelOutcomes = BoundedLabel.closed("completed", "failed", "cancelled");
    private final BoundedLabel toolOutcomes = BoundedLabel.closed("ok", ToolResult.TOOL_TIMEOUT,
            ToolResult.BROWSER_DISCONNECTED, ToolResult.DENIED, ToolResult.TOOL_FAILED, ToolResult.UNKNOWN_TOOL);
    private final BoundedLabel toolNames = BoundedLabel.open(200);
    private final BoundedLabel webhookOutcomes = BoundedLabel.closed("delivered", "rejected", "failed", "gave_up");
    private final ByLabels<Counter> ended;
    private final ByLabels<Timer> durations;
    private final ByLabels<Timer> modelCalls;
    private final ByLabels<Counter> modelTokens;
    private final ByLabels<Timer> toolCalls;
    private final ByLabels<Timer> webhookDeliveries;

    public MicrometerEngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("turns.accepted").description("messages admitted as new turns")
                .register(registry);
        this.replays = Counter.builder("turns.idempotent.replays")
                .description("messages answered with the turn their idempotency key started before").register(registry);
        this.interrupts = Counter.builder("turns.interrupt.requests")
                .description("interrupt requests that reached a running turn").register(registry);
        this.queueWait = Timer.builder("turns.queue.wait").description("from acceptance until a turn starts running")
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        this.firstDelta = Timer.builder("turns.first.delta")
                .description("from acceptance until a turn's first reply text is journaled")
                .serviceLevelObjectives(FIRST_DELTA_BUCKETS).register(registry);
        this.journalRows = DistributionSummary.builder("journal.batch.rows")
                .description("rows per journal commit (count: commits)")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register(registry);
        this.journalCommit = Timer.builder("journal.batch.commit").description("time to commit one journal batch")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
        Gauge.builder("sse.streams.open", openStreams, AtomicInteger::get).description("open event streams")
                .register(registry);
        this.slowReaders = Counter.builder("sse.slow.readers.cut")
                .description("event streams ended because the reader fell too far behind").register(registry);
        this.ended = new ByLabels<>((status, code) -> Counter.builder("turns.ended")
                .description("turns that got their final, by status and error code").tag("status", status)
                .tag("code", code).register(registry));
        this.durations = new ByLabels<>((status, unused) -> Timer.builder("turns.duration")
                .description("from the start of a turn's run until its final").serviceLevelObjectives(TURN_BUCKETS)
                .tag("status", status).register(registry));
        this.modelCalls = new ByLabels<>((provider, outcome) -> Timer.builder("model.calls")
                .description("calls to a model, by provider and outcome").tag("provider", provider)
                .tag("outcome", outcome).register(registry));
        this.modelTokens = new ByLabels<>((provider, direction) -> Counter.builder("model.tokens")
                .description("tokens the models reported, by direction").tag("provider", provider)
                .tag("direction", direction).register(registry));
        this.toolCalls = new ByLabels<>((tool, outcome) -> Timer.builder("tool.calls")
                .description("tool calls, by tool and outcome").tag("tool", tool).tag("outcome", outcome)
                .register(registry));
        this.webhookDeliveries = new ByLabels<>((outcome, unused) -> Timer.builder("webhook.deliveries")
                .description("webhook delivery attempts, by outcome").tag("outcome", outcome).register(registry));
    }

    @Override
    public void turnAccepted() {
        accepted.increment();
    }

    @Override
    public void idempotentReplay() {
        replays.increment();
    }

    @Override
    public void interruptRequested() {
        interrupts.increment();
    }

    @Override
    public void turnStarted(Duration wait) {
        queueWait.record(wait);
    }

    @Override
    public void firstDelta(Duration sinceAccepted) {
        firstDelta.record(sinceAccepted);
    }

    @Override
    public void turnEnded(TurnSummary summary) {
        String status = summary.status().wireName();
        String code = summary.status() == FinalStatus.COMPLETED ? "none"
                : errorCodes.of(summary.errorCode().orElse("none"));
        ended.get(status, code).increment();
        durations.get(status, "").record(summary.duration());
    }

    @Override
    public void engineGauges(IntSupplier running, IntSupplier waiting, IntSupplier queued) {
        Gauge.builder("turns.running", () -> read(running)).description("turns running on this node")
                .register(registry);
        Gauge.builder("turns.waiting", () -> read(waiting))
                .description("turns on this node waiting for an outside answer (approval, browser)").register(registry);
        Gauge.builder("turns.queued", () -> read(queued))
                .description("queued turns of every node sharing this storage").register(registry);
    }

    @Override
    public void modelCall(String provider, String outcome, Duration took, long inputTokens, long outputTokens) {
        String p = providers.of(provider);
        modelCalls.get(p, modelOutcomes.of(outcome)).record(took);
        if (inputTokens > 0) {
            modelTokens.get(p, "input").increment(inputTokens);
        }
        if (outputTokens > 0) {
            modelTokens.get(p, "output").increment(outputTokens);
        }
    }

    @Override
    public void toolCallEnded(String tool, boolean offered, String outcome, Duration took) {
        toolCalls.get(offered ? toolNames.of(tool) : BoundedLabel.OTHER, toolOutcomes.of(outcome)).record(took);
    }

    @Override
    public void webhookDelivered(String outcome, Duration took) {
        webhookDeliveries.get(webhookOutcomes.of(outcome), "").record(took);
    }

    @Override
    public void journalBatch(int rows, Duration commit) {
        journalRows.record(rows);
        journalCommit.record(commit);
    }

    @Override
    public void streamOpened() {
        openStreams.incrementAndGet();
    }

    @Override
    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    @Override
    public void slowReaderCut() {
        slowReaders.increment();
    }

    /** A gauge reading that fails (storage away) shows as no value rather than breaking the scrape. */
    private static double read(IntSupplier supplier) {
        try {
            return supplier.getAsInt();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The meters of one name by their one or two label values, registered on first use and then found without
     * building a meter id: turns report on every end, and looking a meter up through its builder cost more than
     * recording on it. The label values come from closed sets, so this stays as small as the registry.
     */
    private static final class ByLabels<M> {

        private final Map<String, Map<String, M>> meters = new ConcurrentHashMap<>();
        private final BiFunction<String, String, M> register;

        ByLabels(BiFunction<String, String, M> register) {
            this.register = register;
        }

        M get(String first, String second) {
            return meters.computeIfAbsent(first, key -> new ConcurrentHashMap<>())
                    .computeIfAbsent(second, key -> register.apply(first, second));
        }
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * TimeUnit.SECONDS.toNanos(1)));
        }
        return durations;
    }
}
