package dev.turnengine.adapter.http.server;

import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow, half-sent and numerous requests from exhausting the server: closes connections beyond
 * {@link ConnectionLimits#maxConnections()} at once, and puts a {@link RequestReadGuard} on every other one.
 * Refusals are logged once, then at most once a minute, never once per connection.
 */
@Singleton
final class ConnectionGuard implements NettyServerCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    private static final String FIRST_BYTE_WATCHER = "turns-first-byte-watcher";
    private static final String READ_GUARD = "turns-request-read-guard";

    private final ConnectionLimits limits;
    private final PendingBodyBudget budget;
    private final RequestReadGuard.Limits readLimits;
    private final AtomicInteger open = new AtomicInteger();
    private final ThrottledWarning connectionWarning = new ThrottledWarning(LOG, WARNING_INTERVAL);
    private final ThrottledWarning budgetWarning = new ThrottledWarning(LOG, WARNING_INTERVAL);

    ConnectionGuard(ConnectionLimits limits, HttpServerConfiguration server) {
        this.limits = limits;
        this.budget = new PendingBodyBudget(limits.maxPendingBodyBytes());
        this.readLimits = new RequestReadGuard.Limits(budget, budgetWarning, server.getMaxRequestSize(),
                limits.requestReadTimeout());
    }

    /** Connections open right now (refused ones never count). */
    int openConnections() {
        return open.get();
    }

    /** Bytes of request bodies being received right now, as reserved from the budget. */
    long pendingBodyBytes() {
        return budget.reserved();
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        if (role != ChannelRole.CONNECTION) {
            return this;
        }
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            connectionWarning.occurred("Refusing new connections: " + limits.maxConnections()
                    + " are open, the most allowed (TURNS_MAX_CONNECTIONS)");
            channel.config().setAutoRead(false);
            channel.close();
            return new NettyServerCustomizer() {
            };
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return new NettyServerCustomizer() {
            @Override
            public void onStreamPipelineBuilt() {
                guard(channel.pipeline());
            }
        };
    }

    private void guard(ChannelPipeline pipeline) {
        if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null || pipeline.get(READ_GUARD) != null) {
            return;
        }
        RequestReadGuard guard = new RequestReadGuard(readLimits);
        pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, FIRST_BYTE_WATCHER, guard.firstByteWatcher());
        pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, READ_GUARD, guard);
    }
}
