package dev.turnengine.benchmarks.run;

import dev.turnengine.benchmarks.stats.LatencySamples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the orchestrator starts (a server under test or a benchmark child), pinned to CPUs with
 * {@code taskset} when asked: its {@code @metric} and {@code @samples} lines are collected, other lines of
 * standard output answer commands, and standard error goes to a log file.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, LatencySamples> samples = new LinkedHashMap<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("child-out-" + name).start(this::readStdout);
    }

    /** Starts {@code mainClass} with the orchestrator's class path. */
    public static ChildProcess start(String name, Launch launch, List<String> jvmOptions, String mainClass,
            List<String> args, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(launch.cpus().prefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (launch.profile()) {
            command.add("-XX:StartFlightRecording=filename=" + launch.logs().resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(launch.logs().resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        return new ChildProcess(name, builder.start());
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("@metric ")) {
                    String[] parts = line.split(" ");
                    synchronized (metrics) {
                        metrics.put(parts[1], Double.parseDouble(parts[2]));
                    }
                } else if (line.startsWith("@samples ")) {
                    String[] parts = line.split(" ", 3);
                    synchronized (samples) {
                        samples.put(parts[1], LatencySamples.readFrom(Path.of(parts[2])));
                    }
                } else if (line.startsWith("@")) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            // The process is gone; waiters time out or see the exit code.
        } finally {
            stdoutDone.complete(null);
        }
    }

    /** The next reply line starting with {@code prefix}, waiting up to {@code seconds}. */
    public String awaitReply(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = replies.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + " gave no " + prefix + " within " + seconds
                        + " s (alive: " + process.isAlive() + "); see its log");
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    /** Sends one command line to the child's standard input. */
    public void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** Waits for the child to exit by itself; fails on a non-zero exit or after {@code seconds}. */
    public void awaitExit(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + seconds + " s");
        }
        stdoutDone.get(10, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
        }
    }

    public Map<String, Double> metrics() {
        synchronized (metrics) {
            return new LinkedHashMap<>(metrics);
        }
    }

    public Map<String, LatencySamples> samples() {
        synchronized (samples) {
            return new LinkedHashMap<>(samples);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Asks a server to quit, then ends it if it does not. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                send("quit");
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
