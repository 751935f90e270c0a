package dev.turnengine.benchmarks.server;

import dev.turnengine.adapter.http.server.InProcessConnection;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.testkit.http.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Idle event streams opened inside the server's own process, each over an {@link InProcessConnection}: the same
 * request, pipeline, route and stream as a socket's, without the file descriptor a socket takes. Each sends the
 * stream's {@code GET}, waits for the response head and the {@code retry:} frame, then keeps nothing but a byte
 * count (the {@code : ping} comments still arrive).
 */
final class InProcessStreams {

    private static final int CONCURRENT_OPENS = 64;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final Server server;
    private final String token;
    private final List<InProcessConnection> open = new ArrayList<>();

    InProcessStreams(Server server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Opens streams round robin over {@code conversations} until {@code total} are open; fails on the first that does not. */
    int openUntil(int total, List<String> conversations) throws Exception {
        Semaphore slots = new Semaphore(CONCURRENT_OPENS);
        List<Future<InProcessConnection>> pending = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = open.size(); i < total; i++) {
                String conversation = conversations.get(i % conversations.size());
                slots.acquire();
                pending.add(threads.submit(() -> {
                    try {
                        return openOne(conversation);
                    } finally {
                        slots.release();
                    }
                }));
            }
            ExecutionException first = null;
            for (Future<InProcessConnection> each : pending) {
                try {
                    open.add(each.get());
                } catch (ExecutionException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        return open.size();
    }

    private InProcessConnection openOne(String conversation) throws Exception {
        InProcessConnection connection = server.connectInProcess();
        try {
            connection.send("GET " + ApiClient.streamOf(conversation) + " HTTP/1.1\r\nHost: in-process\r\n"
                    + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n");
            String head = connection.awaitReceived("retry:", OPEN_TIMEOUT);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("the stream did not open: " + head.lines().findFirst().orElse(""));
            }
            connection.stopKeeping();
            return connection;
        } catch (Exception | Error e) {
            connection.close();
            throw e;
        }
    }

    /** Closes every stream. */
    void closeAll() {
        open.forEach(InProcessConnection::close);
        open.clear();
    }
}
