package dev.turnengine.adapter.http.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the API that needs no socket: the server's whole channel pipeline (HTTP codec, connection guard,
 * routes, event streams) on a Netty {@link EmbeddedChannel}. A process may hold more of these than it may open
 * file descriptors, which is what measuring the memory of very many open streams on one node needs.
 *
 * <p>Bytes are sent with {@link #send(String)}; what the server writes back is kept as text (until
 * {@link #stopKeeping()}) and counted. The server may write from any of its threads, and this class is safe for
 * that. An embedded channel runs its pipeline on whichever thread calls it, though, so a request is sent only
 * once the previous one has been answered (an open event stream is one request answered for as long as it lasts).
 */
public final class InProcessConnection implements AutoCloseable {

    private final EmbeddedChannel channel;
    private final Object lock = new Object();
    private StringBuilder kept = new StringBuilder();
    private long bytesReceived;

    InProcessConnection(EmbeddedChannel channel) {
        this.channel = channel;
        // First in the pipeline is last on the way out: every write reaches this handler as the bytes a socket
        // would have sent, and ends here instead of in the embedded channel's queue of outbound messages.
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                try {
                    received(msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                promise.trySuccess();
            }
        });
    }

    /**
     * Sends {@code bytes} (ISO-8859-1, as an HTTP head is) to the server as if read from a socket.
     *
     * @throws IllegalStateException when the connection is closed (by the server, or by {@link #close()})
     */
    public void send(String bytes) {
        if (!channel.isOpen()) {
            throw new IllegalStateException("the connection is closed");
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Waits until what the server has written contains {@code marker}, and returns all of it.
     *
     * @throws TimeoutException when it has not within {@code timeout}, or the connection closed first
     * @throws IllegalStateException when {@link #stopKeeping()} was called
     */
    public String awaitReceived(String marker, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                if (kept == null) {
                    throw new IllegalStateException("this connection no longer keeps what it receives");
                }
                if (kept.indexOf(marker) >= 0) {
                    return kept.toString();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !channel.isOpen()) {
                    throw new TimeoutException("no " + marker + " in " + kept);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Drops what was received so far and keeps nothing from now on, only counting the bytes. */
    public void stopKeeping() {
        synchronized (lock) {
            kept = null;
        }
    }

    /** Bytes the server has written to this connection. */
    public long bytesReceived() {
        synchronized (lock) {
            return bytesReceived;
        }
    }

    /** Whether the server has not closed this connection (nor has {@link #close()}). */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the connection as a client leaving would; closing a closed connection does nothing. */
    @Override
    public void close() {
        // Not finish(): it would rethrow a failure the server's pipeline already handled, and a client leaving
        // has nothing to say about that.
        channel.close();
        channel.runPendingTasks();
        channel.releaseInbound();
        channel.releaseOutbound();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void received(Object msg) {
        ByteBuf bytes = msg instanceof ByteBuf buf ? buf : msg instanceof ByteBufHolder holder ? holder.content() : null;
        if (bytes == null) {
            return;
        }
        synchronized (lock) {
            bytesReceived += bytes.readableBytes();
            if (kept != null) {
                kept.append(bytes.toString(StandardCharsets.ISO_8859_1));
            }
            lock.notifyAll();
        }
    }
}
