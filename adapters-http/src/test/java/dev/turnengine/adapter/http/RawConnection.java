package dev.turnengine.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One TCP connection to the server written to byte by byte, for what a well-behaved client cannot send:
 * half-sent bodies, trickled headers, oversized request lines.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    static RawConnection open(URI server) {
        try {
            Socket socket = new Socket(server.getHost(), server.getPort());
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} as ISO-8859-1 bytes; false when the server has already closed the connection. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The server's answer, read until its body is complete, or empty when the server closed the connection
     * without answering; a {@link SocketTimeoutException} (as an {@link AssertionError}) when nothing came.
     */
    Optional<Response> response(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            if (statusLine == null) {
                return Optional.empty();
            }
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return Optional.of(new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8)));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + wait, e);
        } catch (SocketException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection within {@code wait} (any answer before that is skipped). */
    boolean closedWithin(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) != -1) {
                // An answer before the close is fine; only the close counts.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** An HTTP answer as read off the wire. */
    record Response(int status, Map<String, String> headers, String body) {

        /** The problem document's {@code code}, after checking the media type and the status it repeats. */
        String problemCode() {
            if (!headers.getOrDefault("content-type", "").startsWith("application/problem+json")) {
                throw new AssertionError("not a problem: " + this);
            }
            try {
                JsonNode problem = TestApi.JSON.readTree(body);
                if (problem.get("status").asInt() != status) {
                    throw new AssertionError("problem status differs from the response's: " + body);
                }
                return problem.get("code").asText();
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
