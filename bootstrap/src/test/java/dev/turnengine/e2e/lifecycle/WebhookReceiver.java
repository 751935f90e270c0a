package dev.turnengine.e2e.lifecycle;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/** A real webhook receiver on 127.0.0.1: records every request and answers the status its script says. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(Instant at, String id, String timestamp, String signature, byte[] body, int answered) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile IntSupplier status = () -> 204;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int answer = status.getAsInt();
            synchronized (received) {
                received.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, answer));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    /** From now on, answers {@code next} for each request. */
    void answer(IntSupplier next) {
        status = next;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
