package dev.turnengine.benchmarks.inprocess;

import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Subscription;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Engine overhead to the first delta without HTTP: submit a one-word message through the use case and wait
 * until its {@code text_delta} reaches a live stream subscriber. The echo agent answers at once, so the
 * whole time is the engine's (admission, dispatch to a virtual thread, start, journal, fan-out).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class FirstDeltaBenchmark {

    /** {@code memory}, or {@code postgres} (the URL is read from {@code TURNS_BENCH_DATABASE_URL}). */
    @Param({"memory"})
    public String storage;

    private static final int LANES = 64;

    private BenchEngines engines;
    private Lane[] lanes;
    private int next;

    @Setup(Level.Trial)
    public void start() {
        Map<String, dev.turnengine.domain.port.AgentRunner> agents = Map.of("echo", new EchoAgentRunner());
        engines = switch (storage) {
            case "memory" -> BenchEngines.inMemory("echo", agents);
            case "postgres" -> BenchEngines.postgres(System.getenv("TURNS_BENCH_DATABASE_URL"), "echo", agents);
            default -> throw new IllegalArgumentException("unknown storage " + storage);
        };
        lanes = new Lane[LANES];
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane(engines);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        for (Lane lane : lanes) {
            lane.subscription.close();
        }
        engines.close();
    }

    /** Submit, then wait for the reply's first delta at the subscriber. */
    @Benchmark
    public JournalEvent submitToFirstDelta() throws Exception {
        Lane lane = lanes[next];
        next = (next + 1) % LANES;
        return lane.submitAndAwaitFirstDelta();
    }

    /** One conversation with a live subscriber; its turns run one after another. */
    private static final class Lane implements StreamEventsUseCase.EventSink {

        private final BenchEngines engines;
        private final ConversationId conversationId;
        private final Subscription subscription;
        private volatile CompletableFuture<JournalEvent> firstDelta = new CompletableFuture<>();
        private volatile CompletableFuture<JournalEvent> ending = CompletableFuture.completedFuture(null);

        Lane(BenchEngines engines) {
            this.engines = engines;
            this.conversationId = engines.newConversation();
            StreamEventsUseCase.Result opened = engines.engine().streamEvents().open(new StreamEventsUseCase.Command(
                    engines.caller(), conversationId, OptionalLong.empty(), Optional.empty()), this);
            if (!(opened instanceof StreamEventsUseCase.Result.Opened open)) {
                throw new IllegalStateException("could not open the stream: " + opened);
            }
            this.subscription = open.subscription();
        }

        JournalEvent submitAndAwaitFirstDelta() throws Exception {
            ending.get(10, TimeUnit.SECONDS); // the previous turn is over, so every event from now on is ours
            firstDelta = new CompletableFuture<>();
            ending = new CompletableFuture<>();
            SubmitMessageUseCase.Result result = engines.engine().submitMessage()
                    .submit(SubmitMessageUseCase.Command.text(engines.caller(), conversationId, "hello"));
            if (!(result instanceof SubmitMessageUseCase.Result.Accepted)) {
                throw new IllegalStateException("not accepted: " + result);
            }
            return firstDelta.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void event(JournalEvent event) {
            if (event.event() instanceof TextDelta) {
                firstDelta.complete(event);
            } else if (event.event() instanceof TurnFinal) {
                ending.complete(event);
            }
        }

        @Override
        public void end() {
        }

        @Override
        public void fail(RuntimeException error) {
            firstDelta.completeExceptionally(error);
            ending.completeExceptionally(error);
        }
    }
}
