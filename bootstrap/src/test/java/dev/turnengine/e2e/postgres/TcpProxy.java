package dev.turnengine.e2e.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between servers and PostgreSQL that a test can cut, as if the database stopped: open
 * connections are closed and new ones are closed as soon as they arrive, until restored. It can also cut
 * only the connections whose start-up packet names a given {@code application_name} fragment (which needs
 * {@code sslmode=disable}, so that the packet is readable), for example a node's LISTEN connection.
 */
final class TcpProxy implements AutoCloseable {

    private static final int SNIFFED_BYTES = 8 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<String> blockedNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and refuses new ones, as a stopped database would. */
    void cut() {
        cut = true;
        links.forEach(Link::close);
    }

    /** Lets connections through again. */
    void restore() {
        cut = false;
    }

    /** Closes the connections whose start-up names {@code fragment}, and refuses such new ones until unblocked. */
    void block(String fragment) {
        blockedNames.add(fragment);
        links.stream().filter(link -> link.named(fragment)).forEach(Link::close);
    }

    void unblock(String fragment) {
        blockedNames.remove(fragment);
    }

    /** Connections currently open through the proxy. */
    int openLinks() {
        return links.size();
    }

    /** Connections refused while cut or blocked. */
    int refusedConnections() {
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
        links.forEach(Link::close);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
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

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        synchronized boolean named(String fragment) {
            return sniffed.indexOf(fragment) >= 0;
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
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side closed, or the test cut the link
            } finally {
                close();
            }
        }

        /** Remembers the first bytes the client sends; true when they name a blocked application. */
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
