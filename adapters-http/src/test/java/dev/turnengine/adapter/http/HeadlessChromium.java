package dev.turnengine.adapter.http;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A headless Chromium with a fresh profile and the DevTools protocol on a free local port. */
final class HeadlessChromium implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final Path log;
    private final int port;

    private HeadlessChromium(Path binary) throws IOException {
        profile = Files.createTempDirectory("chat-page-browser");
        log = profile.resolveSibling(profile.getFileName() + ".log");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile) && Files.size(portFile) > 0
                || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("Chromium exited at start: " + Files.readString(log));
        }
        port = Integer.parseInt(Files.readAllLines(portFile).getFirst().strip());
    }

    /** The Chromium binary of this machine, if there is one. */
    static Optional<Path> binary() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static HeadlessChromium launch(Path binary) {
        try {
            return new HeadlessChromium(binary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tab Chromium opened at start. */
    DevToolsPage page() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), BodyHandlers.ofString()).body();
            for (JsonNode target : new ObjectMapper().readTree(targets)) {
                if ("page".equals(target.get("type").asText())) {
                    return new DevToolsPage(URI.create(target.get("webSocketDebuggerUrl").asText()));
                }
            }
            throw new IllegalStateException("Chromium has no page: " + targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
