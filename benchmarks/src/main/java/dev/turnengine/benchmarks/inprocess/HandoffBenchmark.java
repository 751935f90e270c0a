package dev.turnengine.benchmarks.inprocess;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The floor under the first-delta figure: one wake-up across threads (start a virtual thread that completes a
 * future, wait for it), the kind of hand-off a turn makes a few times between submit and first delta. Its
 * tail shows what the machine's scheduler adds at that moment, whatever the engine does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class HandoffBenchmark {

    /** Hand work to a new virtual thread and wait for its answer. */
    @Benchmark
    public Object virtualThreadRoundTrip() throws Exception {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> answer.complete(Boolean.TRUE));
        return answer.get(10, TimeUnit.SECONDS);
    }
}
