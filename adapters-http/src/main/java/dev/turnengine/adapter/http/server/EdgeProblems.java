package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.problem.Problems;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;

/**
 * Problem answers written straight to a connection, for requests refused before the framework sees them;
 * the connection closes after the answer, since the rest of the request is never read.
 */
final class EdgeProblems {

    private static final ObjectMapper JSON = new ObjectMapper(JsonBuffers.factory());
    /** Seconds a client refused for lack of room should wait before retrying. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private EdgeProblems() {
    }

    static void writeAndClose(ChannelHandlerContext context, HttpResponseStatus status, String code, String detail) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Problems.document(status.code(), code, detail));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
