package dev.turnengine.benchmarks.run;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP endpoint on 127.0.0.1 that takes span exports and throws them away, so a server can export its
 * traces for real (batching, encoding, sending) without a collector on the machine.
 */
public final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();

    public OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Exports come one at a time from each exporter: the dispatcher thread answers them itself, reading each
        // body into one reused buffer, so that the sink takes as little of the load driver's CPU as it can.
        server.setExecutor(null);
        byte[] buffer = new byte[64 * 1024];
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                while (body.read(buffer) >= 0) {
                    // discarded
                }
            }
            exports.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Export requests received so far. */
    public long exports() {
        return exports.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
