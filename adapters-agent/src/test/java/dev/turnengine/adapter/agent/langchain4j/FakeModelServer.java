package dev.turnengine.adapter.agent.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** A model provider played by the test on 127.0.0.1: canned replies per path, every request recorded. */
final class FakeModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the answer to one request. */
    @FunctionalInterface
    interface Reply {
        void write(HttpExchange exchange, FakeModelServer server) throws IOException, InterruptedException;
    }

    /** A request as the fake received it. */
    record Recorded(String method, String path, Headers headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile long disconnectedAtNanos;

    private FakeModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeModelServer start() {
        try {
            return new FakeModelServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's root, e.g. {@code http://127.0.0.1:4711}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeModelServer on(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded onlyRequest() {
        List<Recorded> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected one request, got " + all.size());
        }
        return all.get(0);
    }

    /** Waits until a streaming reply found that the client had hung up; false if it did not in time. */
    boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnected.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    long disconnectedAtNanos() {
        return disconnectedAtNanos;
    }

    /** Blocks a reply until the server closes, as a provider that stopped sending would. */
    void stall() throws InterruptedException {
        closing.await();
    }

    void noteDisconnect() {
        disconnectedAtNanos = System.nanoTime();
        disconnected.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body));
        Reply reply = replies.get(exchange.getRequestURI().getPath());
        try (exchange) {
            if (reply == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            reply.write(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- replies ----

    /** The first reply to the first request, the second to the second …; requests past the last get the last. */
    static Reply inOrder(Reply... replies) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        return (exchange, server) -> replies[Math.min(next.getAndIncrement(), replies.length - 1)].write(exchange, server);
    }

    /** A plain status with a body, as a provider reports errors. */
    static Reply status(int status, String jsonBody) {
        return (exchange, server) -> {
            byte[] bytes = jsonBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A complete stream of frames (SSE events or NDJSON lines, each with its line ends). */
    static Reply stream(String contentType, List<String> frames) {
        return (exchange, server) -> {
            OutputStream out = open(exchange, contentType);
            for (String frame : frames) {
                send(out, frame);
            }
        };
    }

    /** Sends {@code frames}, then nothing more until the server closes. */
    static Reply stall(String contentType, List<String> frames) {
        return (exchange, server) -> {
            OutputStream out = open(exchange, contentType);
            for (String frame : frames) {
                send(out, frame);
            }
            server.stall();
        };
    }

    /**
     * Sends {@code frames}, then the {@code n}-th of {@code more} every {@code gap} — a long answer — until a write
     * fails because the client hung up, which it notes.
     */
    static Reply endless(String contentType, List<String> frames, IntFunction<String> more, Duration gap) {
        return (exchange, server) -> {
            OutputStream out = open(exchange, contentType);
            try {
                for (String frame : frames) {
                    send(out, frame);
                }
                for (int n = 0; n < 10_000; n++) {
                    Thread.sleep(gap);
                    send(out, more.apply(n));
                }
            } catch (IOException e) {
                server.noteDisconnect();
            }
        };
    }

    /** Promises more bytes than it sends, then drops the connection: a stream that breaks mid-way. */
    static Reply broken(String contentType, List<String> frames) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            for (String frame : frames) {
                send(out, frame);
            }
            throw new IOException("connection dropped on purpose");
        };
    }

    private static OutputStream open(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void send(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
