package dev.turnengine.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A run's options: where results go, how long each window lasts ({@code --quick} shortens them for a smoke
 * run), which sections run, and the database, read from {@code TURNS_BENCH_DATABASE_URL} or else
 * {@code TURNS_TEST_DATABASE_URL}.
 */
public record Settings(Path out, Path logs, boolean quick, boolean profile, Set<String> only, Set<String> configs,
        Set<String> storages, Optional<Integer> idleStreamsOverride,
        Optional<String> database, String databaseSkipReason) {

    /** Reads the command line and the environment. */
    public static Settings parse(String[] args) {
        Path out = Path.of("docs", "benchmarks");
        boolean quick = false;
        boolean profile = false;
        Set<String> only = Set.of();
        Set<String> configs = Set.of();
        Set<String> storages = Set.of();
        Optional<Integer> idle = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                case "--only" -> only = Set.of(args[++i].toLowerCase(Locale.ROOT).split(","));
                case "--configs" -> configs = Set.of(args[++i].toLowerCase(Locale.ROOT).split(","));
                case "--storage" -> storages = Set.of(args[++i].toLowerCase(Locale.ROOT).split(","));
                case "--idle-streams" -> idle = Optional.of(Integer.parseInt(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --out DIR, --quick, --profile, --only journal,submit,first-delta,fan-out,idle,jmh,overhead, "
                        + "--configs 1core,2cores,2procs, --storage memory,postgres, --idle-streams N");
            }
        }
        Optional<String> database = Optional.ofNullable(System.getenv("TURNS_BENCH_DATABASE_URL"))
                .or(() -> Optional.ofNullable(System.getenv("TURNS_TEST_DATABASE_URL")))
                .filter(url -> !url.isBlank());
        String reason = Optional.ofNullable(System.getenv("TURNS_BENCH_DATABASE_SKIPPED"))
                .orElse("neither TURNS_BENCH_DATABASE_URL nor TURNS_TEST_DATABASE_URL is set");
        Path logs = Path.of("benchmarks", "target", "bench-logs");
        return new Settings(out, logs, quick, profile, only, configs, storages, idle, database, reason);
    }

    /** Whether a section (or one part of a server section) is to run. */
    public boolean wants(String name) {
        if (only.isEmpty()) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("server")) {
            return only.stream().anyMatch(List.of("submit", "first-delta", "fan-out")::contains);
        }
        if (lower.startsWith("journal")) {
            return only.contains("journal");
        }
        if (lower.startsWith("jmh")) {
            return only.contains("jmh");
        }
        if (lower.startsWith("idle")) {
            return only.contains("idle");
        }
        return only.contains(lower);
    }

    /** Whether a configuration ({@code 1core}, {@code 2cores}, {@code 2procs}) is to run; all when none is named. */
    public boolean wantsConfig(String key) {
        return configs.isEmpty() || configs.contains(key);
    }

    /** Whether the server sections on a storage ({@code memory}, {@code postgres}) are to run; all when none is named. */
    public boolean wantsStorage(String storage) {
        return storages.isEmpty() || storages.contains(storage);
    }

    /** Seconds of warm-up before each measured window. */
    public double warmup() {
        return quick ? 1 : 2;
    }

    /**
     * Seconds the first-delta and the fan-out loads run before their windows. The submit section's warm-up takes
     * few of their paths (a stream's frames, the clock agent's deltas, their commits and notifications), whose JIT
     * would still be compiling: with two servers on one database, after 2 s of the fan-out load they spent
     * 104–107 µs of CPU per delivery, after 30 s 66–74 µs; the first delta's p99 was 63–76 ms after 2 s, 40–49 ms
     * after 30 s.
     */
    public double pathWarmup() {
        return quick ? 2 : 30;
    }

    /**
     * Least seconds of warm-up before a submit window. The submit loads are the first a newly started server gets,
     * and its JIT is still compiling the paths they take: measured after 3 s of load, a PostgreSQL server answered
     * half the POSTs per second it answered after 15 s, at three times the CPU per POST.
     */
    public double submitWarmup() {
        return quick ? 1 : 15;
    }

    /**
     * POSTs each server answers before a submit window, however long that takes (up to
     * {@link #submitWarmupLimit()}): the JIT compiles a method fully after some 10,000–15,000 calls, a count an
     * in-memory server reaches in about a second and a PostgreSQL server, at a few hundred POSTs a second, only after
     * a minute. After 15 s of load a PostgreSQL server spent 1,400–1,700 µs of CPU per POST; after 60 s, 560.
     */
    public long submitWarmupPosts() {
        return quick ? 0 : 30_000;
    }

    /** Most seconds of warm-up before a submit window. */
    public double submitWarmupLimit() {
        return quick ? 1 : 150;
    }

    /** Seconds of each measured window. */
    public double seconds() {
        return quick ? 2 : 4;
    }

    /** Concurrent clients of the submit load. */
    public int clients() {
        return 32;
    }

    /** Concurrent turns of the journal benchmark. */
    public int turns() {
        return 200;
    }

    public int jmhWarmup() {
        return quick ? 1 : 2;
    }

    public int jmhIterations() {
        return quick ? 2 : 4;
    }

    /** Idle streams held open for the memory measurement ({@code --idle-streams N} sets another count). */
    public int idleStreams() {
        return idleStreamsOverride.orElse(quick ? 1_000 : 100_000);
    }

    /** How often the clock agent writes a delta in the fan-out benchmark. */
    public long fanOutIntervalMillis() {
        return 100;
    }
}
