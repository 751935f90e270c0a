package dev.turnengine.benchmarks.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * CPU time spent by processes of this machine, every thread counted, for the "CPU per request" figures: read it
 * before and after a window and divide the difference by what the window served.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /**
     * The CPU time of the processes {@code pids}, summed.
     *
     * @throws IllegalStateException when the system does not report one of them
     */
    public static long nanos(Collection<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration()).map(Duration::toNanos)
                    .orElseThrow(() -> new IllegalStateException(
                            "this system does not report the CPU time of process " + pid));
        }
        return sum;
    }

    /**
     * The CPU time of every PostgreSQL process this machine lets us see (the postmaster, its backends and its
     * background workers), summed; empty when none is visible (a database elsewhere, or another user's processes
     * hidden). A backend that exits between two reads takes its time with it, so a window's difference holds the
     * processes alive at both ends: the pools' connections, which outlive a window.
     */
    public static OptionalLong databaseNanos() {
        long sum = 0;
        boolean seen = false;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            ProcessHandle.Info info = process.info();
            if (info.command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                    .orElse(false)) {
                seen = true;
                sum += info.totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }
        }
        return seen ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
