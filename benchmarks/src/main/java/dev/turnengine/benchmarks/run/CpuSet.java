package dev.turnengine.benchmarks.run;

import java.util.List;

/**
 * The CPUs a process under test may run on, set with {@code taskset}; the load driver and PostgreSQL are not
 * pinned and share the machine.
 *
 * @param label how the results name it, e.g. {@code 1 core}
 * @param list the {@code taskset -c} list, e.g. {@code 0}; empty to run unpinned
 */
public record CpuSet(String label, String list, boolean tasksetAvailable) {

    /** The command prefix that pins a process to these CPUs. */
    public List<String> prefix() {
        return list.isEmpty() || !tasksetAvailable ? List.of() : List.of("taskset", "-c", list);
    }

    /** A short key for metric names. */
    public String key() {
        return label.replaceAll("[^a-z0-9]", "");
    }
}
