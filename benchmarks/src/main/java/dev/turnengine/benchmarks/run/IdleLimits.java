package dev.turnengine.benchmarks.run;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** What the operating system lets one process hold open, which caps the idle-stream figure. */
public final class IdleLimits {

    private IdleLimits() {
    }

    /** File descriptors this process may have open (the JVM raises its soft limit to the hard one). */
    public static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }
}
