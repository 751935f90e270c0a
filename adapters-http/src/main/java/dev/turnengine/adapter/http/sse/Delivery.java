package dev.turnengine.adapter.http.sse;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where and while a stream's events are handed to the server that writes them: on the connection's own event
 * loop, and only while the connection is open.
 *
 * <p>Why: the Netty server of Micronaut 4.10 writes a streamed body's pieces on the connection's event loop. A
 * piece handed over from another thread waits there as a task; if the client went away meanwhile, the response's
 * writer is already gone, and the task fails with {@code IllegalStateException: onNext before request?} — logged
 * as a warning with its stack, and the piece's pooled buffer is never released. Every client that vanished while
 * events were on their way cost a warning and a few hundred bytes of direct memory. Handed over on the loop,
 * after a look at whether the connection is still open, a piece is either written at once or never made.
 */
interface Delivery {

    /** Whether the calling thread is the one that hands events over. */
    boolean inThread();

    /** Runs {@code task} on that thread; false when it takes no more work (the server is stopping). */
    boolean execute(Runnable task);

    /** Whether the connection can still take events; once false, it stays false. */
    boolean open();

    /** Hands over on the caller's thread, to a connection that is always open (a server other than Netty's). */
    static Delivery direct() {
        return Direct.INSTANCE;
    }

    /** Hands over on the event loop of the request's connection ({@link #direct()} when not served by Netty). */
    static Delivery of(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            return new OnEventLoop(netty.getChannelHandlerContext().channel());
        }
        return direct();
    }

    /** See {@link #direct()}. */
    enum Direct implements Delivery {
        INSTANCE;

        @Override
        public boolean inThread() {
            return true;
        }

        @Override
        public boolean execute(Runnable task) {
            task.run();
            return true;
        }

        @Override
        public boolean open() {
            return true;
        }
    }

    /** A Netty connection: its event loop, and whether it is active. */
    record OnEventLoop(Channel channel) implements Delivery {

        @Override
        public boolean inThread() {
            return channel.eventLoop().inEventLoop();
        }

        @Override
        public boolean execute(Runnable task) {
            try {
                channel.eventLoop().execute(task);
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }

        @Override
        public boolean open() {
            return channel.isActive();
        }
    }
}
