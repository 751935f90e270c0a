package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.problem.Problems;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Guards one HTTP/1 connection right behind the HTTP decoder, before the framework sees a request: answers
 * oversized headers (431) and URLs (414) itself, reserves a request's declared body length from the
 * server's {@link PendingBodyBudget} (503 when it does not fit), and cuts a request whose headers are not
 * complete within the read timeout of their first byte or whose body makes no progress for that long (408).
 * All of it runs on the connection's event loop.
 */
final class RequestReadGuard extends ChannelDuplexHandler {

    /** The longest request target served; a longer one is {@code 414}. */
    static final int MAX_URI_LENGTH = 8 * 1024;
    /** The most bytes of header lines; more is {@code 431}. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private enum Phase { BETWEEN_REQUESTS, HEADERS, BODY, CUT }

    /**
     * What every connection's guard shares (one instance per server, so that a guard, held by every open
     * connection, is only its own state).
     */
    record Limits(PendingBodyBudget budget, ThrottledWarning budgetWarning, long maxBodyBytes, long timeoutNanos,
            String timeoutText) {

        Limits(PendingBodyBudget budget, ThrottledWarning budgetWarning, long maxBodyBytes, Duration timeout) {
            this(budget, budgetWarning, maxBodyBytes, timeout.toNanos(), timeout.toMillis() % 1000 == 0
                    ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms");
        }
    }

    private final Limits limits;

    private ChannelHandlerContext context;
    private Phase phase = Phase.BETWEEN_REQUESTS;
    private ScheduledFuture<?> deadline;
    private long lastProgress;
    private long reservedBytes;
    private boolean countReceivedBytes;
    private boolean responding;

    RequestReadGuard(Limits limits) {
        this.limits = limits;
    }

    /** The handler to place before the HTTP decoder: it tells this guard when a request's first byte arrives. */
    ChannelInboundHandlerAdapter firstByteWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (phase == Phase.BETWEEN_REQUESTS) {
                    phase = Phase.HEADERS;
                    arm(limits.timeoutNanos());
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.CUT) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && !admit(request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content && phase == Phase.BODY && !received(content)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            responding = true;
        }
        if (msg instanceof LastHttpContent) {
            responding = false;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(Phase.CUT);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish(Phase.CUT);
    }

    /** Checks a request's head; false when it was refused here and must not reach the framework. */
    private boolean admit(HttpRequest request) {
        cancelDeadline();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return refuse(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, Problems.REQUEST_HEADER_TOO_LARGE,
                        "The request headers are larger than " + MAX_HEADER_BYTES + " bytes.");
            }
            if (cause instanceof TooLongHttpLineException) {
                return refuse(HttpResponseStatus.REQUEST_URI_TOO_LONG, Problems.URI_TOO_LONG, uriTooLong());
            }
            phase = Phase.BETWEEN_REQUESTS;
            return true;
        }
        if (request.uri().length() > MAX_URI_LENGTH) {
            return refuse(HttpResponseStatus.REQUEST_URI_TOO_LONG, Problems.URI_TOO_LONG, uriTooLong());
        }
        countReceivedBytes = HttpUtil.isTransferEncodingChunked(request);
        long declared;
        try {
            declared = countReceivedBytes ? 0 : HttpUtil.getContentLength(request, 0L);
        } catch (NumberFormatException e) {
            declared = 0;
        }
        // A body over the size limit is the framework's to refuse (413); it is never buffered.
        if (declared > 0 && declared <= limits.maxBodyBytes()) {
            if (!limits.budget().tryReserve(declared)) {
                return refuseBusy();
            }
            reservedBytes = declared;
        }
        phase = Phase.BODY;
        lastProgress = System.nanoTime();
        arm(limits.timeoutNanos());
        return true;
    }

    /** Notes a piece of body; false when a body of unknown length outgrew the budget and was refused. */
    private boolean received(HttpContent content) {
        int bytes = content.content().readableBytes();
        if (bytes > 0) {
            lastProgress = System.nanoTime();
            if (countReceivedBytes) {
                if (!limits.budget().tryReserve(bytes)) {
                    return refuseBusy();
                }
                reservedBytes += bytes;
            }
        }
        if (content instanceof LastHttpContent) {
            finish(Phase.BETWEEN_REQUESTS);
        }
        return true;
    }

    private void expire() {
        deadline = null;
        switch (phase) {
            case HEADERS -> refuse(HttpResponseStatus.REQUEST_TIMEOUT, Problems.REQUEST_TIMEOUT,
                    "The request headers were not complete " + limits.timeoutText() + " after their first byte.");
            case BODY -> {
                long quiet = System.nanoTime() - lastProgress;
                if (quiet < limits.timeoutNanos()) {
                    arm(limits.timeoutNanos() - quiet);
                } else {
                    refuse(HttpResponseStatus.REQUEST_TIMEOUT, Problems.REQUEST_TIMEOUT,
                            "The request body made no progress for " + limits.timeoutText() + ".");
                }
            }
            case BETWEEN_REQUESTS, CUT -> {
                // Nothing is being read.
            }
        }
    }

    private boolean refuseBusy() {
        PendingBodyBudget budget = limits.budget();
        limits.budgetWarning().occurred("Refusing request bodies: " + budget.reserved() + " of " + budget.capacity()
                + " bytes of bodies are being received (TURNS_MAX_PENDING_BODY_BYTES)");
        return refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, Problems.SERVER_BUSY,
                "The server is receiving as many request bodies as it can hold; retry shortly.");
    }

    /** Answers with a problem and closes the connection; after this nothing more is read from it. */
    private boolean refuse(HttpResponseStatus status, String code, String detail) {
        finish(Phase.CUT);
        if (responding || !context.channel().isActive()) {
            // Part of an answer is on the wire already: a second one would garble it.
            context.close();
        } else {
            EdgeProblems.writeAndClose(context, status, code, detail);
        }
        return false;
    }

    private void finish(Phase next) {
        cancelDeadline();
        if (reservedBytes > 0) {
            limits.budget().release(reservedBytes);
            reservedBytes = 0;
        }
        countReceivedBytes = false;
        if (phase != Phase.CUT) {
            phase = next;
        }
    }

    private void arm(long nanos) {
        cancelDeadline();
        deadline = context.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static String uriTooLong() {
        return "The request target is longer than " + MAX_URI_LENGTH + " characters.";
    }
}
