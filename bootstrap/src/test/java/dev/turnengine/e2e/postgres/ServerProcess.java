package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.fail;

import dev.turnengine.testkit.http.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One turn-engine server running the built jar as an operating-system process of its own, so that a
 * SIGTERM is a real clean stop and a SIGKILL a real crash. Its output goes to a log file per start.
 */
final class ServerProcess implements AutoCloseable {

    static final String TOKEN = "hq_pat_fault_tests_token_0123456789";

    private static final Pattern LISTENING = Pattern.compile("Turn engine listening on (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final String name;
    private final Process process;
    private final URI baseUri;
    private final Path log;
    private final ApiClient client;

    private ServerProcess(String name, Process process, URI baseUri, Path log) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.client = new ApiClient(baseUri, TOKEN);
    }

    /** A server named {@code nodeId} (also its {@code TURNS_NODE_ID}) on the database at {@code databaseUrl}. */
    static Builder node(String nodeId, String databaseUrl) {
        return new Builder(nodeId, databaseUrl);
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
    URI baseUri() {
        return baseUri;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A client of this server's API with the bootstrap token. */
    ApiClient client() {
        return client;
    }

    /** Sends SIGTERM and waits for the process to end; returns how long the stop took. */
    Duration stop() {
        long started = System.nanoTime();
        process.destroy();
        awaitExit(Duration.ofSeconds(40), "a clean stop (SIGTERM)");
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Sends SIGKILL: the process dies at once, with no shutdown hook, as in a crash. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20), "SIGKILL");
    }

    /** The server's output so far. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        client.close();
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + baseUri + ")";
    }

    private void awaitExit(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("%s did not end within %s after %s; log %s:%n%s", name, timeout, what, log, logText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** The jar that {@code mvn package} built: named by the failsafe configuration, or found in {@code target}. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("turnengine.jar", "target/turn-engine.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("%s is missing: the fault tests run the packaged server; run them with ./mvnw verify", jar);
        }
        return jar;
    }

    /** The java launcher of this test JVM, so the servers run on the same JDK. */
    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Where server logs go: one file per process start. */
    static Path logFile(String name) {
        Path directory = Path.of(System.getProperty("turnengine.logs", "target/fault-logs"));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory.resolve(String.format("%02d-%s.log", STARTS.incrementAndGet(), name));
    }

    /** The JVM options for short-lived test servers: quick start, modest memory on a small machine. */
    static List<String> javaCommand(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx256m", "-jar", jar().toString()));
        command.addAll(arguments);
        return command;
    }

    /** Environment for a child process: this one's, without any {@code TURNS_} setting leaking in. */
    static void inheritCleanEnvironment(Map<String, String> environment, Map<String, String> settings) {
        environment.keySet().removeIf(variable -> variable.startsWith("TURNS_"));
        environment.putAll(settings);
    }

    /** Settings of one server process; {@link #start()} launches it and waits until it listens. */
    static final class Builder {

        private final String nodeId;
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(String nodeId, String databaseUrl) {
            this.nodeId = nodeId;
            env.put("TURNS_HTTP_PORT", "0");
            env.put("TURNS_HTTP_HOST", "127.0.0.1");
            env.put("TURNS_DATABASE_URL", databaseUrl);
            env.put("TURNS_BOOTSTRAP_TOKEN", TOKEN);
            env.put("TURNS_NODE_ID", nodeId);
            env.put("TURNS_LEASE_SECONDS", "2");
            env.put("TURNS_ECHO_DELAY_MS", "0");
        }

        /** Sets (or overrides) one environment variable of the server. */
        Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        Builder leaseSeconds(int seconds) {
            return env("TURNS_LEASE_SECONDS", Integer.toString(seconds));
        }

        /** The echo agent pauses this long before each word it streams back. */
        Builder echoDelay(Duration delay) {
            return env("TURNS_ECHO_DELAY_MS", Long.toString(delay.toMillis()));
        }

        ServerProcess start() {
            Path log = logFile(nodeId);
            ProcessBuilder builder = new ProcessBuilder(javaCommand(List.of())).redirectErrorStream(true);
            inheritCleanEnvironment(builder.environment(), env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + nodeId, e);
            }
            CompletableFuture<URI> listening = new CompletableFuture<>();
            Thread.ofVirtual().name("log-" + nodeId).start(() -> copyOutput(process, log, listening));
            try {
                URI uri = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return new ServerProcess(nodeId, process, uri, log);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new AssertionError(nodeId + " did not start listening: " + e.getMessage() + "; log " + log
                        + ":\n" + readQuietly(log), e);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + nodeId, e);
            }
        }

        private static void copyOutput(Process process, Path log, CompletableFuture<URI> listening) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    Matcher matcher = LISTENING.matcher(line);
                    if (!listening.isDone() && matcher.find()) {
                        listening.complete(URI.create(matcher.group(1).replaceAll("/$", "")));
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            } finally {
                listening.completeExceptionally(new IllegalStateException(
                        "the process ended" + (process.isAlive() ? "" : " with exit code " + process.exitValue())));
            }
        }

        private static String readQuietly(Path log) {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
