package dev.turnengine.benchmarks.run;

import java.nio.file.Path;

/**
 * How to start a child JVM: its CPUs, where its log (and flight recording) go, and whether to record one.
 */
public record Launch(CpuSet cpus, Path logs, boolean profile) {

    public Launch on(CpuSet other) {
        return new Launch(other, logs, profile);
    }
}
