package dev.turnengine.adapter.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The per-stream publisher keeps the Reactive Streams rules the server's writer relies on. */
class EventBufferTest {

    @Test
    void givenEventsBeforeAndAfterSubscribing_whenRequestedOneByOne_thenOpeningFrameFirstAndNeverMoreThanRequested() {
        Buffer buffer = new Buffer();
        buffer.add("a", 10);
        Recorder reader = new Recorder(0);
        buffer.subscribe(reader);
        buffer.add("b", 20);
        assertThat(reader.signals).isEmpty();
        assertThat(buffer.bufferedBytes()).isEqualTo(30);

        reader.subscription.request(2);
        assertThat(reader.signals).containsExactly("next:retry", "next:a");
        assertThat(buffer.bufferedBytes()).isEqualTo(20);
        reader.subscription.request(5);
        buffer.add("c", 5);
        assertThat(reader.signals).containsExactly("next:retry", "next:a", "next:b", "next:c");
        assertThat(buffer.bufferedBytes()).isZero();
        assertThat(buffer.ended.get()).isZero();
    }

    @Test
    void givenAnEndWithEventsWaiting_whenTheReaderCatchesUp_thenItCompletesOnlyAfterThemAndOnce() {
        Buffer buffer = new Buffer();
        Recorder reader = new Recorder(1);
        buffer.subscribe(reader);
        buffer.add("a", 1);
        buffer.add("b", 1);
        buffer.endAfter(null);
        buffer.add("ignored", 1);
        assertThat(reader.signals).containsExactly("next:retry");

        reader.subscription.request(2);
        assertThat(reader.signals).containsExactly("next:retry", "next:a", "next:b", "complete");
        assertThat(buffer.ended.get()).isEqualTo(1);
        reader.subscription.cancel();
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    @Test
    void givenAFailureWithEventsWaiting_thenTheEventsGoFirst() {
        Buffer buffer = new Buffer();
        Recorder reader = new Recorder(Long.MAX_VALUE);
        buffer.add("a", 1);
        buffer.endAfter(new IllegalStateException("storage lost"));
        buffer.subscribe(reader);
        assertThat(reader.signals).containsExactly("next:retry", "next:a", "error:storage lost");
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    @Test
    void givenACut_thenTheErrorGoesOutAtOnceAndWhatWaitedIsDropped() {
        Buffer buffer = new Buffer();
        Recorder reader = new Recorder(1);
        buffer.subscribe(reader);
        buffer.add("a", 100);
        buffer.add("b", 100);
        buffer.cutNow(new IllegalStateException("too slow"));
        assertThat(reader.signals).containsExactly("next:retry", "error:too slow");
        assertThat(buffer.bufferedBytes()).isZero();
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    @Test
    void givenACancel_thenNothingMoreGoesOutAndNothingIsKept() {
        Buffer buffer = new Buffer();
        Recorder reader = new Recorder(1);
        buffer.subscribe(reader);
        reader.subscription.cancel();
        buffer.add("a", 10);
        reader.subscription.request(10);
        buffer.endAfter(null);
        assertThat(reader.signals).containsExactly("next:retry");
        assertThat(buffer.bufferedBytes()).isZero();
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    @Test
    void givenASecondSubscriber_thenItIsRefusedAndTheFirstKeepsTheStream() {
        Buffer buffer = new Buffer();
        Recorder first = new Recorder(Long.MAX_VALUE);
        Recorder second = new Recorder(Long.MAX_VALUE);
        buffer.subscribe(first);
        buffer.subscribe(second);
        buffer.add("a", 1);
        assertThat(first.signals).containsExactly("next:retry", "next:a");
        assertThat(second.signals).containsExactly("error:an event stream is written out once");
    }

    @Test
    void givenANonPositiveRequest_thenTheStreamFailsAsTheRulesSay() {
        Buffer buffer = new Buffer();
        Recorder reader = new Recorder(0);
        buffer.subscribe(reader);
        reader.subscription.request(0);
        assertThat(reader.signals).hasSize(1);
        assertThat(reader.signals.getFirst()).startsWith("error:Reactive Streams §3.9");
    }

    @Test
    void givenASubscriberThatRequestsInOnSubscribe_thenNothingArrivesBeforeOnSubscribeReturned() {
        Buffer buffer = new Buffer();
        AtomicBoolean subscribed = new AtomicBoolean();
        AtomicBoolean early = new AtomicBoolean();
        buffer.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
                subscribed.set(true);
            }

            @Override
            public void onNext(Event<String> event) {
                early.compareAndSet(false, !subscribed.get());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(subscribed).isTrue();
        assertThat(early).isFalse();
    }

    @Test
    void givenManyProducersAndAReaderRequestingOneAtATime_thenEveryEventArrivesOnceInOrderOneSignalAtATime()
            throws Exception {
        Buffer buffer = new Buffer();
        int producers = 4;
        int each = 2_000;
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        buffer.subscribe(new Subscriber<>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(Event<String> event) {
                if (!inside.compareAndSet(false, true)) {
                    overlapped.set(true);
                }
                received.add(event.getData());
                inside.set(false);
                Thread.ofVirtual().start(() -> subscription.request(1)); // demand from another thread
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    buffer.add(producer + ":" + i, 1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        buffer.endAfter(null);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overlapped).isFalse();
        assertThat(received).hasSize(1 + producers * each);
        for (int p = 0; p < producers; p++) {
            String prefix = p + ":";
            List<String> mine = received.stream().filter(data -> data.startsWith(prefix)).toList();
            assertThat(mine).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(mine.get(i)).isEqualTo(prefix + i);
            }
        }
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    @Test
    void givenEventsAddedOnOtherThreads_thenEverySignalGoesOutOnTheDeliveryThread() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, "loop"));
        try {
            Buffer buffer = new Buffer(TestDelivery.loop(loop, new AtomicBoolean(true)));
            List<String> signals = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch completed = new CountDownLatch(1);
            buffer.subscribe(new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Event<String> event) {
                    signals.add(Thread.currentThread().getName() + " next:" + event.getData());
                }

                @Override
                public void onError(Throwable t) {
                    signals.add(Thread.currentThread().getName() + " error");
                }

                @Override
                public void onComplete() {
                    signals.add(Thread.currentThread().getName() + " complete");
                    completed.countDown();
                }
            });
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int producer = p;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        buffer.add(producer + ":" + i, 1);
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join();
            }
            buffer.endAfter(null);

            assertThat(completed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(signals).hasSize(1 + 4 * 50 + 1).allSatisfy(signal -> assertThat(signal).startsWith("loop "));
            assertThat(signals.getFirst()).isEqualTo("loop next:retry");
            assertThat(signals.getLast()).isEqualTo("loop complete");
            await().atMost(Duration.ofSeconds(30)).until(() -> buffer.ended.get() == 1); // right after onComplete
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void givenTheConnectionClosed_whenEventsWait_thenNoneIsHandedOverAndTheStreamCompletesQuietly() {
        AtomicBoolean open = new AtomicBoolean(true);
        Buffer buffer = new Buffer(TestDelivery.caller(open));
        Recorder reader = new Recorder(1);
        buffer.subscribe(reader);
        buffer.add("a", 1);
        assertThat(reader.signals).containsExactly("next:retry");

        open.set(false);
        reader.subscription.request(5);

        assertThat(reader.signals).containsExactly("next:retry", "complete");
        assertThat(buffer.ended.get()).isEqualTo(1);
        assertThat(buffer.bufferedBytes()).isZero();

        AtomicBoolean alsoOpen = new AtomicBoolean(true);
        Buffer cutBuffer = new Buffer(TestDelivery.caller(alsoOpen));
        Recorder cutReader = new Recorder(1);
        cutBuffer.subscribe(cutReader);
        alsoOpen.set(false);
        cutBuffer.cutNow(new IllegalStateException("too slow"));
        assertThat(cutReader.signals).as("an error is for a client that can still get it")
                .containsExactly("next:retry", "complete");
    }

    @Test
    void givenTheDeliveryThreadTakesNoMoreWork_thenTheStreamEndsWithoutSignals() {
        Delivery stopped = new Delivery() {
            @Override
            public boolean inThread() {
                return false;
            }

            @Override
            public boolean execute(Runnable task) {
                return false;
            }

            @Override
            public boolean open() {
                return true;
            }
        };
        Buffer buffer = new Buffer(stopped);
        Recorder reader = new Recorder(1);
        buffer.subscribe(reader);
        buffer.add("a", 1);

        assertThat(reader.signals).isEmpty();
        assertThat(buffer.ended.get()).isEqualTo(1);
    }

    /** Hands over through {@code executor}, on the thread {@code onThread} recognises, while {@code isOpen}. */
    private record TestDelivery(Executor executor, BooleanSupplier onThread, AtomicBoolean isOpen)
            implements Delivery {

        /** On one executor's thread, named {@code loop}, the way a connection's event loop does. */
        static TestDelivery loop(ExecutorService loop, AtomicBoolean isOpen) {
            return new TestDelivery(loop, () -> Thread.currentThread().getName().equals("loop"), isOpen);
        }

        /** On the caller's thread, to a connection that can be closed. */
        static TestDelivery caller(AtomicBoolean isOpen) {
            return new TestDelivery(Runnable::run, () -> true, isOpen);
        }

        @Override
        public boolean inThread() {
            return onThread.getAsBoolean();
        }

        @Override
        public boolean execute(Runnable task) {
            executor.execute(task);
            return true;
        }

        @Override
        public boolean open() {
            return isOpen.get();
        }
    }

    /** A buffer as a connection uses it: events added under its lock, then drained. */
    private static final class Buffer extends EventBuffer {

        final AtomicInteger ended = new AtomicInteger();

        Buffer() {
            this(Delivery.direct());
        }

        Buffer(Delivery delivery) {
            super(Event.of("retry").retry(Duration.ofSeconds(2)), delivery);
        }

        void add(String data, long weight) {
            synchronized (this) {
                enqueue(Event.of(data), weight);
            }
            drain();
        }

        void endAfter(Throwable error) {
            synchronized (this) {
                completeAfterBuffered(error);
            }
            drain();
        }

        void cutNow(Throwable error) {
            synchronized (this) {
                cut(error);
            }
            drain();
        }

        @Override
        void written(Event<String> event) {
        }

        @Override
        void ended() {
            ended.incrementAndGet();
        }
    }

    /** Records every signal as text; requests {@code initial} on subscribing. */
    private static final class Recorder implements Subscriber<Event<String>> {

        final List<String> signals = new ArrayList<>();
        private final long initial;
        Subscription subscription;

        Recorder(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(Event<String> event) {
            signals.add("next:" + event.getData());
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error:" + t.getMessage());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }
}
