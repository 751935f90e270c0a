package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.benchmarks.stats.Emit;
import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.port.Subscription;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the time to the first delta goes, in process: for one submit after another, the time the submit call
 * takes (admission), then until {@code turn_started} reaches a subscriber (dispatch and start), then until the
 * first {@code text_delta} does (agent set-up and the delta's append). Arguments: storage ({@code memory} or
 * {@code postgres}, the URL read from {@code TURNS_BENCH_DATABASE_URL}), warm-up seconds, measured seconds.
 */
public final class FirstDeltaStages {

    private FirstDeltaStages() {
    }

    public static void main(String[] args) throws Exception {
        String storage = args[0];
        double warmup = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        Map<String, AgentRunner> agents = Map.of("echo", new EchoAgentRunner());
        LatencySamples admit = new LatencySamples();
        LatencySamples start = new LatencySamples();
        LatencySamples delta = new LatencySamples();
        try (BenchEngines engines = storage.equals("postgres")
                ? BenchEngines.postgres(System.getenv("TURNS_BENCH_DATABASE_URL"), "echo", agents)
                : BenchEngines.inMemory("echo", agents)) {
            ConversationId conversation = engines.newConversation();
            Probe probe = new Probe();
            StreamEventsUseCase.Result opened = engines.engine().streamEvents().open(new StreamEventsUseCase.Command(
                    engines.caller(), conversation, OptionalLong.empty(), Optional.empty()), probe);
            if (!(opened instanceof StreamEventsUseCase.Result.Opened open)) {
                throw new IllegalStateException("could not open the stream: " + opened);
            }
            Subscription subscription = open.subscription();
            long measureFrom = System.nanoTime() + (long) (warmup * 1e9);
            long measureUntil = measureFrom + (long) (seconds * 1e9);
            while (System.nanoTime() < measureUntil) {
                probe.reset();
                long before = System.nanoTime();
                SubmitMessageUseCase.Result result = engines.engine().submitMessage()
                        .submit(SubmitMessageUseCase.Command.text(engines.caller(), conversation, "hello"));
                long submitted = System.nanoTime();
                if (!(result instanceof SubmitMessageUseCase.Result.Accepted)) {
                    throw new IllegalStateException("not accepted: " + result);
                }
                long started = probe.started.get(10, TimeUnit.SECONDS);
                long first = probe.firstDelta.get(10, TimeUnit.SECONDS);
                probe.ending.get(10, TimeUnit.SECONDS);
                if (before >= measureFrom) {
                    admit.add(submitted - before);
                    start.add(Math.max(0, started - submitted));
                    delta.add(Math.max(0, first - Math.max(started, submitted)));
                }
                Thread.sleep(2);
            }
            subscription.close();
        }
        Emit.percentiles("stages." + storage + ".admit", admit.percentiles());
        Emit.percentiles("stages." + storage + ".start", start.percentiles());
        Emit.percentiles("stages." + storage + ".delta", delta.percentiles());
    }

    /** Notes when the events of the current turn arrive. */
    private static final class Probe implements StreamEventsUseCase.EventSink {

        private volatile CompletableFuture<Long> started;
        private volatile CompletableFuture<Long> firstDelta;
        private volatile CompletableFuture<Long> ending;

        void reset() {
            started = new CompletableFuture<>();
            firstDelta = new CompletableFuture<>();
            ending = new CompletableFuture<>();
        }

        @Override
        public void event(JournalEvent event) {
            long now = System.nanoTime();
            switch (event.event()) {
                case TurnStarted ignored -> started.complete(now);
                case TextDelta ignored -> firstDelta.complete(now);
                case TurnFinal ignored -> ending.complete(now);
                default -> { }
            }
        }

        @Override
        public void end() {
        }

        @Override
        public void fail(RuntimeException error) {
            started.completeExceptionally(error);
            firstDelta.completeExceptionally(error);
            ending.completeExceptionally(error);
        }
    }
}
