package dev.turnengine.testkit.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP project's reference server ({@code @modelcontextprotocol/server-everything} from npm), installed under
 * {@code target/} on first use and run as a real process serving streamable HTTP on a free loopback port.
 */
public final class EverythingMcpServer implements AutoCloseable {

    public static final String PACKAGE = "@modelcontextprotocol/server-everything@2026.8.31";
    private static final Path INSTALL_DIR = Path.of("target", "mcp-everything");
    private static final Path ENTRY =
            INSTALL_DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

    private final Process process;
    private final int port;

    private EverythingMcpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether Node.js and npm are here to run the server; tests skip themselves (with {@link #MISSING}) when not. */
    public static boolean canRun() throws InterruptedException {
        return runs("node", "--version") && runs("npm", "--version");
    }

    /** Why a test that needs the server was skipped. */
    public static final String MISSING =
            "Node.js and npm are needed to run the reference MCP server " + PACKAGE + "; install Node.js 18 or later";

    /** Installs the server under {@code target/} if needed and starts it; see {@link #canRun()}. */
    public static EverythingMcpServer start() throws IOException, InterruptedException {
        if (!canRun()) {
            throw new IllegalStateException(MISSING);
        }
        install();
        Path preload = resource("mcp/loopback-only.cjs");
        ProcessBuilder builder = new ProcessBuilder("node", "-r", preload.toString(), ENTRY.toString(), "streamableHttp")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", "0");
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> readPort(process, port));
        try {
            return new EverythingMcpServer(process, port.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the reference MCP server did not start", e);
        }
    }

    private static void readPort(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                } else if (!port.isDone()) {
                    seen.append(line).append('\n');
                }
            }
            port.completeExceptionally(new IllegalStateException("the server exited: " + seen));
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        if (Files.exists(ENTRY)) {
            return;
        }
        Files.createDirectories(INSTALL_DIR);
        Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix",
                        INSTALL_DIR.toString(), PACKAGE))
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(ENTRY)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm could not install " + PACKAGE + ":\n" + output);
        }
    }

    private static boolean runs(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A resource of this kit copied to a file under the install directory (it may sit inside a jar). */
    private static Path resource(String name) throws IOException {
        Path file = INSTALL_DIR.resolve(Path.of(name).getFileName()).toAbsolutePath();
        try (var in = EverythingMcpServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the test kit lacks its resource " + name);
            }
            Files.createDirectories(INSTALL_DIR);
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** The server's streamable-HTTP endpoint. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
