package dev.turnengine.adapter.http.sse;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.port.EngineMetrics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every open {@link SseConnection}: opens each one with the configured bounds, pings them all from one ticker
 * (running while any is open, spreading the pings over the interval), and ends them all cleanly when the server shuts down, so that clients
 * reconnect with their last event id.
 */
@Singleton
public final class SseConnectionRegistry implements GracefulShutdownCapable {

    /** How many parts the open connections are pinged in, one part per sixteenth of the interval. */
    private static final int PING_SLICES = 16;
    private static final Duration MIN_SLICE = Duration.ofMillis(1);

    /** The {@code : ping} comment, one instance for every connection. */
    static final Event<String> PING = Event.of("").comment("ping");

    private final EncodedFrames frames;
    private final SseSettings settings;
    /** The {@code retry:} hint that opens every stream, one instance for all. */
    private final Event<String> retryHint;
    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean shuttingDown;

    private final EngineMetrics metrics;

    SseConnectionRegistry(SseFrameFormat format, SseSettings settings, EngineMetrics metrics) {
        this.frames = new EncodedFrames(format);
        this.settings = settings;
        this.metrics = metrics;
        this.retryHint = Event.of("").retry(settings.retryHint());
    }

    /**
     * A new connection showing the conversation's events (one turn's only, when given) to the client of
     * {@code request}, registered until it finishes.
     */
    public SseConnection open(ConversationId conversationId, Optional<TurnId> turn, HttpRequest<?> request) {
        SseConnection connection = new SseConnection(this, conversationId, turn, Delivery.of(request));
        open.add(connection);
        metrics.streamOpened();
        if (ticking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sse-ping").start(this::tick);
        }
        if (shuttingDown) {
            connection.finish();
        }
        return connection;
    }

    /** How many connections are open now. */
    public int count() {
        return open.size();
    }

    /**
     * Before a shutdown: every open connection that shows one of {@code finals} (events just journaled by the
     * turns the shutdown ended) delivers it before it ends, instead of ending at once; see
     * {@link #shutdownGracefully()}.
     */
    public void deliverBeforeShutdown(List<JournalEvent> finals) {
        for (SseConnection connection : List.copyOf(open)) {
            finals.stream().filter(connection::shows).mapToLong(JournalEvent::seq).max()
                    .ifPresent(connection::finishAfter);
        }
    }

    /** Ends every connection, except those still delivering a shutdown's finals: they end once they have. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        shuttingDown = true;
        List.copyOf(open).stream().filter(connection -> !connection.isDeliveringBeforeFinish())
                .forEach(SseConnection::finish);
        if (open.isEmpty()) {
            allClosed.complete(null);
        }
        return allClosed;
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(open.size());
    }

    /**
     * Pings every open connection once per interval, a sixteenth of them at a time (by identity hash), so that
     * a node holding a hundred thousand streams writes a steady trickle of pings rather than a burst every
     * interval; stops when none is open (the next one starts it again).
     */
    private void tick() {
        Duration slice = settings.pingInterval().dividedBy(PING_SLICES);
        if (slice.compareTo(MIN_SLICE) < 0) {
            slice = MIN_SLICE;
        }
        try {
            for (int round = 0; ; round = (round + 1) % PING_SLICES) {
                Thread.sleep(slice);
                if (open.isEmpty()) {
                    ticking.set(false);
                    // A connection opened meanwhile may have seen the ticker still running: keep it then.
                    if (open.isEmpty() || !ticking.compareAndSet(false, true)) {
                        return;
                    }
                }
                for (SseConnection connection : open) {
                    if (Math.floorMod(connection.hashCode(), PING_SLICES) == round) {
                        connection.ping();
                    }
                }
            }
        } catch (InterruptedException e) {
            ticking.set(false);
        }
    }

    /** The frame of {@code event}, encoded once for all the connections that show it. */
    EncodedFrames.Encoded encoded(JournalEvent event) {
        return frames.of(event);
    }

    /** How many bytes of events one connection may hold for a slow reader. */
    long bufferBytes() {
        return settings.bufferBytes();
    }

    Event<String> retryHint() {
        return retryHint;
    }

    /** Forgets a connection whose body ended (or will never be sent). */
    void finished(SseConnection connection) {
        if (open.remove(connection)) {
            metrics.streamClosed();
            if (connection.wasCutForSlowReading()) {
                metrics.slowReaderCut();
            }
        }
        if (shuttingDown && open.isEmpty()) {
            allClosed.complete(null);
        }
    }
}
