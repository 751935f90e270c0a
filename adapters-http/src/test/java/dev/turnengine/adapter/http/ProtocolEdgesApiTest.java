package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Requests outside the routes' happy paths still get problem documents, never a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolEdgesApiTest {

    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder().start();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void givenUnknownRoute_whenCalled_then404Problem() {
        assertThat(api.get("/v1/api/nothing-here").problemCode()).isEqualTo("not_found");
        assertThat(api.get("/nothing-here").problemCode()).isEqualTo("not_found");
    }

    @Test
    void givenWrongMethod_whenCalled_then405Problem() {
        var reply = api.send(api.request("/v1/api/conversations").DELETE().build());

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.problemCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void givenAbsurdHeadersOrTarget_whenSent_thenClientErrorNotServerError() throws IOException {
        String conversation = api.conversation("echo");
        String[] requests = {
            "GET " + TestApi.streamOf(conversation) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.token
                    + "\r\nLast-Event-ID: " + "1".repeat(20_000) + "\r\n\r\n",
            "GET /v1/api/conversations/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST " + TestApi.messages(conversation) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.token
                    + "\r\nContent-Type: application/json\r\nContent-Length: nope\r\n\r\n{}",
            "GET /v1/api/conversations/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.token + "\r\n\r\n",
        };
        for (String request : requests) {
            int status = rawStatus(request);
            assertThat(status).as(request.substring(0, 60)).isBetween(400, 499);
        }
    }

    @Test
    void givenUnknownFieldsAndJsonSubtype_whenPosted_thenAccepted() {
        String conversation = api.conversation("echo");

        var reply = api.send(api.request(TestApi.messages(conversation))
                .header("Content-Type", "application/vnd.example+json")
                .POST(BodyPublishers.ofString("{\"text\":\"hi\",\"unknown\":[1,2,{\"deep\":true}]}")).build());

        assertThat(reply.status()).isEqualTo(202);
    }

    private int rawStatus(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            if (parts.length < 2) {
                throw new AssertionError("no status line for " + request.substring(0, 60) + ": " + line);
            }
            return Integer.parseInt(parts[1]);
        }
    }
}
