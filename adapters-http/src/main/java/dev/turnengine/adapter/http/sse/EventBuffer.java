package dev.turnengine.adapter.http.sse;

import io.micronaut.http.sse.Event;
import java.util.ArrayDeque;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The events of one stream waiting for its reader, published to one subscriber (the server writing the
 * response) as the Reactive Streams rules ask: nothing before {@code onSubscribe}, no more than requested, one
 * signal at a time, nothing after a terminal signal or a cancel. Whoever adds events or demand delivers what can
 * go out now, outside the lock; a second thread arriving meanwhile leaves the work to the one delivering.
 *
 * <p>It exists instead of a chain of Reactor operators because it is held by every open stream for its whole
 * life: a few dozen bytes and one small queue, where a unicast sink with concatenation, a cut-off signal and a
 * completion hook held well over a kilobyte per stream. Subclasses add events while holding the object's lock.
 *
 * <p>Signals go out on the thread its {@link Delivery} names (the connection's event loop): a thread that adds
 * events or demand elsewhere leaves the work to one task there. An event is handed over only while the
 * connection is open; once it is not, the stream ends there with {@code onComplete}, dropping what waited.
 */
abstract class EventBuffer implements Publisher<Event<String>>, Subscription {

    /** A waiting event and what it counts against the buffer's bound. */
    private record Waiting(Event<String> event, long weight) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(2);
    private final Delivery delivery;
    private Subscriber<? super Event<String>> downstream;
    private long requested;
    private long bufferedBytes;
    /** A thread is handing events to the subscriber; others only leave work for it. */
    private boolean emitting;
    /** End after the buffered events: complete, or fail with {@link #failure} when set. */
    private boolean completing;
    /** End now with {@link #failure}, dropping what is buffered. */
    private boolean cutting;
    private Throwable failure;
    /** A terminal signal went out, or the subscriber cancelled: nothing more is delivered. */
    private boolean done;
    /** A task to drain waits on the delivery thread: others need not send one. */
    private boolean handedOff;

    /**
     * A buffer whose first event is {@code first} (the stream's opening frame, counted as nothing), handing its
     * signals over as {@code delivery} says.
     */
    EventBuffer(Event<String> first, Delivery delivery) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        waiting.add(new Waiting(first, 0));
    }

    /** Called with the lock held as an event is handed to the subscriber. */
    abstract void written(Event<String> event);

    /** Called once, without the lock, after the subscriber's last signal or its cancel. */
    abstract void ended();

    /** Bytes of events waiting, as weighed when they were added. */
    final synchronized long bufferedBytes() {
        return bufferedBytes;
    }

    /** Adds an event; the caller holds the lock and calls {@link #drain()} after releasing it. */
    final void enqueue(Event<String> event, long weight) {
        if (done || completing || cutting) {
            return;
        }
        waiting.add(new Waiting(event, weight));
        bufferedBytes += weight;
    }

    /** Ends after what is buffered: complete, or fail with {@code error} when it is not null (lock held). */
    final void completeAfterBuffered(Throwable error) {
        if (!completing && !cutting) {
            completing = true;
            failure = error;
        }
    }

    /** Ends now with {@code error}, dropping what is buffered (lock held). */
    final void cut(Throwable error) {
        if (!cutting && !done) {
            cutting = true;
            failure = error;
            waiting.clear();
            bufferedBytes = 0;
        }
    }

    @Override
    public final void subscribe(Subscriber<? super Event<String>> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        boolean first;
        synchronized (this) {
            first = downstream == null;
            if (first) {
                downstream = subscriber;
                emitting = true; // nothing goes out before onSubscribe has returned
            }
        }
        if (!first) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an event stream is written out once"));
            return;
        }
        try {
            subscriber.onSubscribe(this);
        } finally {
            synchronized (this) {
                emitting = false;
            }
        }
        drain();
    }

    @Override
    public final void request(long n) {
        synchronized (this) {
            if (n <= 0) {
                cut(new IllegalArgumentException("Reactive Streams §3.9: request a positive number, not " + n));
            } else {
                long sum = requested + n;
                requested = sum < 0 ? Long.MAX_VALUE : sum;
            }
        }
        drain();
    }

    @Override
    public final void cancel() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            waiting.clear();
            bufferedBytes = 0;
        }
        ended();
    }

    /**
     * Hands the subscriber whatever it may have now, unless another thread is doing so; off the delivery thread,
     * sends that thread one task to do it.
     */
    final void drain() {
        if (!delivery.inThread()) {
            handOff();
            return;
        }
        Subscriber<? super Event<String>> to;
        synchronized (this) {
            if (emitting || downstream == null || done) {
                return;
            }
            emitting = true;
            to = downstream;
        }
        while (true) {
            Event<String> next = null;
            boolean terminal = false;
            Throwable error = null;
            synchronized (this) {
                if (done) {
                    emitting = false;
                    return;
                }
                if (!delivery.open()) {
                    // The client went away, and the server's writer for this response may be gone already: end
                    // without another piece, and quietly (an error here is logged as one the client never saw).
                    cutting = true;
                    failure = null;
                }
                if (cutting || completing && waiting.isEmpty()) {
                    terminal = true;
                    error = failure;
                    done = true;
                    waiting.clear();
                    bufferedBytes = 0;
                } else if (!waiting.isEmpty() && requested > 0) {
                    Waiting first = waiting.poll();
                    if (requested != Long.MAX_VALUE) {
                        requested--;
                    }
                    bufferedBytes -= first.weight();
                    written(first.event());
                    next = first.event();
                } else {
                    emitting = false;
                    return;
                }
            }
            if (terminal) {
                try {
                    if (error == null) {
                        to.onComplete();
                    } else {
                        to.onError(error);
                    }
                } finally {
                    ended();
                }
                return;
            }
            try {
                to.onNext(next);
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    emitting = false;
                }
                cancel(); // a subscriber that throws broke the rules; it gets nothing more
                throw e;
            }
        }
    }

    /** Sends the delivery thread a task to drain, unless one is waiting there already. */
    private void handOff() {
        synchronized (this) {
            if (handedOff || downstream == null || done) {
                return;
            }
            handedOff = true;
        }
        boolean taken = delivery.execute(() -> {
            synchronized (this) {
                handedOff = false;
            }
            drain();
        });
        if (!taken) {
            cancel(); // the connection's thread has stopped (the server is shutting down): nobody will write
        }
    }
}
