package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.journal.PostgresUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

/** What the results were measured on: CPU, memory, JDK, operating system, PostgreSQL and the load around the run. */
public record MachineInfo(String cpu, int cores, String memory, String jdk, String os, String postgres) {

    /** Reads the machine's description (Linux files where there are some) and asks the database its version. */
    public static MachineInfo capture(Optional<String> databaseUrl) {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(value -> String.format("%.1f GiB", Long.parseLong(value.replaceAll("[^0-9]", "")) / 1048576.0))
                .orElse(Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB (JVM max)");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        // Kernel major.minor only: build suffixes say nothing about performance.
        String os = System.getProperty("os.name") + " "
                + System.getProperty("os.version").replaceAll("^(\\d+\\.\\d+).*", "$1");
        String postgres = databaseUrl.map(MachineInfo::postgresVersion).orElse("not used");
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), memory, jdk, os, postgres);
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String postgresVersion(String url) {
        try (Connection connection = PostgresUrl.parse(url).connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            String version = "PostgreSQL " + rows.getString(1);
            try (ResultSet settings = statement.executeQuery("SELECT current_setting('synchronous_commit'), "
                    + "current_setting('shared_buffers'), current_setting('wal_level')")) {
                settings.next();
                version += " (synchronous_commit=" + settings.getString(1) + ", shared_buffers="
                        + settings.getString(2) + ", wal_level=" + settings.getString(3) + ", same machine)";
            }
            return version;
        } catch (Exception e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
