package dev.turnengine.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP relay on 127.0.0.1 in front of a server (HTTP or PostgreSQL) that a test can cut like a network
 * failure: {@link #dropAll()} closes the open connections and lets new ones through, {@link #cut()} also
 * refuses new ones until {@link #restore()}. {@link #block(String)} cuts only the connections whose first
 * bytes name a fragment, such as a PostgreSQL {@code application_name} (readable with
 * {@code sslmode=disable}), for example one node's LISTEN connection.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int SNIFFED_BYTES = 8 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<String> blockedNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger relayed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    /** A proxy to {@code host:port}, listening on a free port. */
    public static TcpProxy to(String host, int port) {
        return new TcpProxy(host, port);
    }

    /** A proxy to the host and port of {@code target}. */
    public static TcpProxy to(URI target) {
        return new TcpProxy(target.getHost(), target.getPort());
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code path} on the proxy, for an HTTP client to use instead of the server's address. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Cuts every open connection, both ways; new ones are relayed again. */
    public void dropAll() {
        links.forEach(Link::close);
    }

    /** Closes every connection and refuses new ones, as a stopped server would. */
    public void cut() {
        cut = true;
        dropAll();
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
    }

    /** Closes the connections whose start names {@code fragment}, and refuses such new ones until unblocked. */
    public void block(String fragment) {
        blockedNames.add(fragment);
        links.stream().filter(link -> link.named(fragment)).forEach(Link::close);
    }

    public void unblock(String fragment) {
        blockedNames.remove(fragment);
    }

    /** Connections relayed so far, open or closed. */
    public int connections() {
        return relayed.get();
    }

    /** Connections currently open through the proxy. */
    public int openLinks() {
        return links.size();
    }

    /**
     * Round trips begun so far on the open connections whose first bytes (up to 8 KiB, as {@link #block} reads
     * them) satisfy {@code start}, such as those of one pool by its {@code application_name}: each time a client
     * sends after its server last spoke (or first), one. A client that sends several requests before reading the
     * answers, as a pipelining database driver does, begins one round trip; one that waits for each answer begins
     * one per request.
     */
    public int exchanges(Predicate<String> start) {
        return links.stream().filter(link -> link.startsWith(start)).mapToInt(link -> link.exchanges.get()).sum();
    }

    /** Connections refused while cut or blocked. */
    public int refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        dropAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("proxy-link").start(() -> open(client));
        }
    }

    private void open(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 3_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        Link link = new Link(client, upstream);
        links.add(link);
        relayed.incrementAndGet();
        if (cut) {
            link.close();
            return;
        }
        Thread.ofVirtual().name("proxy-up").start(() -> link.pump(true));
        Thread.ofVirtual().name("proxy-down").start(() -> link.pump(false));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
    }

    /** One client connection and its upstream twin; closing either closes both. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private final StringBuilder sniffed = new StringBuilder();
        private final AtomicInteger exchanges = new AtomicInteger();
        private volatile boolean clientSpokeLast;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        synchronized boolean named(String fragment) {
            return sniffed.indexOf(fragment) >= 0;
        }

        synchronized boolean startsWith(Predicate<String> start) {
            return start.test(sniffed.toString());
        }

        void pump(boolean fromClient) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = (fromClient ? client : upstream).getInputStream();
                    OutputStream out = (fromClient ? upstream : client).getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (fromClient && sniff(buffer, read)) {
                        refused.incrementAndGet();
                        break;
                    }
                    if (fromClient && !clientSpokeLast) {
                        clientSpokeLast = true;
                        exchanges.incrementAndGet();
                    } else if (!fromClient) {
                        clientSpokeLast = false; // before the client can read it and answer
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side closed, or the test cut the link
            } finally {
                close();
            }
        }

        /** Remembers the first bytes the client sends; true when they name a blocked fragment. */
        private boolean sniff(byte[] buffer, int read) {
            synchronized (this) {
                if (sniffed.length() < SNIFFED_BYTES) {
                    sniffed.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            }
            return blockedNames.stream().anyMatch(this::named);
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }
}
