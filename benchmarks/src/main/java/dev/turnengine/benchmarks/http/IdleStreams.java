package dev.turnengine.benchmarks.http;

import dev.turnengine.testkit.http.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle event streams by the hundred thousand: each is a plain socket that sends the stream's {@code GET}, reads
 * the response head and the server's first frame (the {@code retry:} hint), then only stays open. A socket costs
 * the driver a few hundred bytes, where a full HTTP client costs tens of KiB. Loopback offers about 28,000
 * ephemeral ports per source and destination address, so the sockets are spread over several source addresses
 * ({@code 127.0.0.1}, {@code 127.0.0.2}, …), at most {@link #PER_SOURCE} on each.
 */
public final class IdleStreams implements AutoCloseable {

    /** Sockets bound to one loopback source address at most. */
    public static final int PER_SOURCE = 14_000;
    private static final int CONCURRENT_OPENS = 64;
    private static final int OPEN_TIMEOUT_MILLIS = 30_000;

    private final URI base;
    private final String token;
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

    /** A driver of streams on the server at {@code base}, authenticated with {@code token}. */
    public IdleStreams(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Streams open now. */
    public int count() {
        return open.size();
    }

    /**
     * Opens streams until {@code total} are open, round robin over the conversations; returns once every one
     * has received its first frame, failing on the first stream that did not open.
     */
    public void openUntil(int total, List<String> conversations) throws Exception {
        int from = open.size();
        AtomicInteger failures = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENT_OPENS);
        List<Future<?>> pending = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = from; i < total && failures.get() == 0; i++) {
                int index = i;
                slots.acquire();
                pending.add(threads.submit(() -> {
                    try {
                        open.add(openOne(index, conversations.get(index % conversations.size())));
                    } catch (IOException | RuntimeException e) {
                        if (failures.getAndIncrement() == 0) {
                            throw new IllegalStateException("stream " + index + " did not open: " + e, e);
                        }
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> each : pending) {
                each.get();
            }
        }
    }

    private Socket openOne(int index, String conversation) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source(index), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), OPEN_TIMEOUT_MILLIS);
            socket.setSoTimeout(OPEN_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + ApiClient.streamOf(conversation) + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitFirstFrame(socket.getInputStream());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The loopback source address of the {@code index}-th socket: 127.0.0.1 for the first {@link #PER_SOURCE}. */
    private static InetAddress source(int index) throws IOException {
        int n = 1 + index / PER_SOURCE;
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n / 250), (byte) (1 + (n - 1) % 250)});
    }

    /** Reads the status line, the head and the start of the body up to the {@code retry:} hint's blank line. */
    private static void awaitFirstFrame(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[512];
        while (true) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("the server closed the stream at once: " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (!seen.toString().startsWith("HTTP/1.1 200")) {
                if (seen.indexOf("\r\n") >= 0) {
                    throw new IOException("the stream did not open: " + seen.substring(0, seen.indexOf("\r\n")));
                }
                continue;
            }
            int retry = seen.indexOf("retry:");
            if (retry >= 0 && seen.indexOf("\n\n", retry) >= 0) {
                return;
            }
        }
    }

    /** Closes every stream. */
    @Override
    public void close() {
        synchronized (open) {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Going away anyway.
                }
            }
            open.clear();
        }
    }
}
