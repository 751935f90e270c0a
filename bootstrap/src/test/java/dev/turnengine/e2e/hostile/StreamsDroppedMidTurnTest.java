package dev.turnengine.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.turnengine.bootstrap.Server;
import dev.turnengine.bootstrap.config.ServerConfig;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Clients that vanish while their streams are being written: a browser tab closed mid-reply, a phone that lost
 * its network. The server must let each such stream go quietly, without a warning per client and without keeping
 * the buffers of the events that were on their way (Netty's leak detector is set to track every buffer here).
 */
class StreamsDroppedMidTurnTest {

    private static final String TOKEN = "hq_pat_dropped_streams_token_0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STREAMS = 150;
    private static final int ROUNDS = 3;

    @Test
    void givenManyStreamsReceivingAReply_whenTheirClientsVanish_thenNothingIsLoggedOrLeakedAndServingGoesOn()
            throws Exception {
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        Recorder recorder = new Recorder();
        recorder.setContext(root.getLoggerContext());
        recorder.start();
        root.addAppender(recorder);
        try (Server server = Server.start(ServerConfig.fromEnvironment(Map.of("TURNS_HTTP_PORT", "0",
                "TURNS_HTTP_HOST", "127.0.0.1", "TURNS_BOOTSTRAP_TOKEN", TOKEN, "TURNS_ECHO_DELAY_MS", "2")));
                ApiClient client = new ApiClient(server.baseUri(), TOKEN)) {
            for (int round = 0; round < ROUNDS; round++) {
                String conversation = client.createConversation();
                List<Socket> sockets = new ArrayList<>();
                try {
                    for (int i = 0; i < STREAMS; i++) {
                        sockets.add(openStream(server, conversation));
                    }
                    for (Socket socket : sockets) {
                        awaitBytes(socket.getInputStream(), "retry:");
                    }
                    String turn = client.post(conversation, ApiClient.words("word", 400), Optional.empty()).turnId();
                    awaitBytes(sockets.getLast().getInputStream(), "text_delta");
                    for (Socket socket : sockets) {
                        socket.setSoLinger(true, 0); // a reset, as from a client that is simply gone
                        socket.close();
                    }
                    await().atMost(WAIT).until(() -> client.turn(conversation, turn).get("status").asText()
                            .equals("completed"));
                } finally {
                    for (Socket socket : sockets) {
                        socket.close();
                    }
                }
            }
            // Leaks are reported when the collector has found an unreleased buffer and a later one is tracked.
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
                String conversation = client.createConversation();
                try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                    String turn = client.post(conversation, "still serving", Optional.empty()).turnId();
                    stream.awaitFinal(turn, WAIT);
                }
            }
        } finally {
            root.detachAppender(recorder);
            ResourceLeakDetector.setLevel(leakLevel);
        }
        // Leak reports come when the collector finds a buffer, so one made by an earlier test in this JVM can turn up
        // here: only those of event-stream pieces (made under this package's delivery) count.
        assertThat(recorder.events).as("warnings and errors logged while clients vanished")
                .noneSatisfy(event -> assertThat(describe(event)).contains("onNext before request"))
                .noneSatisfy(event -> assertThat(describe(event)).contains("LEAK")
                        .contains("dev.turnengine.adapter.http.sse."));
    }

    private static Socket openStream(Server server, String conversation) throws IOException {
        Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + ApiClient.streamOf(conversation) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads until {@code marker} has come, failing at the socket's timeout. */
    private static void awaitBytes(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.indexOf(marker) < 0) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("stream ended before " + marker + ": " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    private static String describe(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append(" / ").append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** Keeps every warning and error logged meanwhile. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {

        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                events.add(event);
            }
        }
    }
}
