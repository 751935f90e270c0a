package dev.turnengine.adapter.http.sse;

import dev.turnengine.application.port.in.StreamEventsUseCase;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import io.micronaut.http.sse.Event;
import java.util.Objects;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * One client's event-stream connection (the {@link SseConnectionRegistry} holds them all): takes the use case's
 * events as a {@link StreamEventsUseCase.EventSink} and is itself the publisher the server writes out, starting
 * with a {@code retry:} hint, with {@code : ping} comments put in by the registry's one ticker for all
 * connections (an idle connection holds no timer of its own).
 *
 * <p>The journal is never blocked and no event is dropped mid-stream: events wait in a buffer bounded in
 * bytes, and a reader too slow to keep it under the bound loses the connection instead (immediately,
 * with the journal subscription closed), then resumes with {@code Last-Event-ID}.
 *
 * <p>Its buffering and delivery live in {@link EventBuffer}, one object with the connection, because an idle
 * connection is mostly this: one stream of a server holding a hundred thousand costs a few hundred bytes here.
 */
public final class SseConnection extends EventBuffer implements StreamEventsUseCase.EventSink {

    private final SseConnectionRegistry registry;
    private final ConversationId conversationId;
    private final Optional<TurnId> turn;

    private Subscription subscription;
    /** The highest sequence handed to the client so far, and the one after which to end (0: none). */
    private long lastSeq;
    private long finishAfterSeq;
    private boolean closed;
    private boolean terminated;
    /** A ping waits in the buffer: no other is added until it is written, so a stalled reader gathers none. */
    private boolean pingWaiting;
    /** Set when the connection was cut because its reader fell too far behind (counted by the metrics). */
    private boolean cutForSlowReading;

    SseConnection(SseConnectionRegistry registry, ConversationId conversationId, Optional<TurnId> turn,
            Delivery delivery) {
        super(registry.retryHint(), delivery);
        this.registry = registry;
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.turn = Objects.requireNonNull(turn, "turn");
    }

    /** Whether the connection was ended because its reader fell too far behind. */
    synchronized boolean wasCutForSlowReading() {
        return cutForSlowReading;
    }

    /** Adds a {@code : ping} comment unless one is still waiting to be written; the registry's ticker calls it. */
    void ping() {
        synchronized (this) {
            if (terminated || pingWaiting) {
                return;
            }
            pingWaiting = true;
            enqueue(SseConnectionRegistry.PING, 0);
        }
        drain();
    }

    /** What the server writes out; subscribe once. */
    public Publisher<Event<String>> body() {
        return this;
    }

    /** Hands over the journal subscription to close when the client goes away. */
    public void attach(Subscription opened) {
        Objects.requireNonNull(opened, "opened");
        boolean closeNow;
        synchronized (this) {
            subscription = opened;
            closeNow = closed;
        }
        if (closeNow) {
            opened.close();
        }
    }

    /** Whether this stream shows {@code event} (its conversation's, and its turn's when it follows one). */
    boolean shows(JournalEvent event) {
        return event.conversationId().equals(conversationId) && turn.map(event.turnId()::equals).orElse(true);
    }

    /** Ends the stream once it has handed out the event with sequence {@code seq} (at once if it has). */
    void finishAfter(long seq) {
        boolean now;
        synchronized (this) {
            finishAfterSeq = seq;
            now = lastSeq >= seq;
        }
        if (now) {
            finish();
        }
    }

    /** Whether the stream waits to deliver an event before it ends (see {@link #finishAfter}). */
    synchronized boolean isDeliveringBeforeFinish() {
        return finishAfterSeq > 0 && !terminated;
    }

    @Override
    public void event(JournalEvent event) {
        EncodedFrames.Encoded encoded = registry.encoded(event);
        Event<String> frame = encoded.frame();
        long weight = encoded.weight();
        boolean stop;
        boolean delivered;
        synchronized (this) {
            if (terminated) {
                return;
            }
            long buffered = bufferedBytes();
            long bound = registry.bufferBytes();
            stop = buffered > 0 && buffered + weight > bound;
            if (stop) {
                cutForSlowReading = true;
                cut(new SlowReaderException(bound));
            } else {
                enqueue(frame, weight);
            }
            terminated = stop;
            lastSeq = Math.max(lastSeq, event.seq());
            delivered = !stop && finishAfterSeq > 0 && lastSeq >= finishAfterSeq;
        }
        drain();
        if (stop) {
            closeSubscription();
        } else if (delivered) {
            finish();
        }
    }

    @Override
    public void end() {
        synchronized (this) {
            terminated = true;
            completeAfterBuffered(null);
        }
        drain();
    }

    @Override
    public void fail(RuntimeException error) {
        synchronized (this) {
            terminated = true;
            completeAfterBuffered(error);
        }
        drain();
    }

    /** Forgets a stream whose body will never be sent (the stream did not open). */
    public void discard() {
        synchronized (this) {
            terminated = true;
        }
        closeSubscription();
        registry.finished(this);
    }

    /** Ends the stream cleanly after what is already buffered, as on server shutdown. */
    void finish() {
        end();
        closeSubscription();
    }

    @Override
    void written(Event<String> event) {
        if (event == SseConnectionRegistry.PING) {
            pingWaiting = false;
        }
    }

    /** The body ended (delivered to its end, failed, or the client went away). */
    @Override
    void ended() {
        closeSubscription();
        registry.finished(this);
    }

    private void closeSubscription() {
        Subscription toClose;
        synchronized (this) {
            closed = true;
            toClose = subscription;
            subscription = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** The client read too slowly; it should reconnect with the last event id it received. */
    static final class SlowReaderException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SlowReaderException(long bound) {
            super("event stream reader fell more than " + bound + " bytes behind; connection ended, "
                    + "the client resumes with Last-Event-ID", null, false, false);
        }
    }
}
