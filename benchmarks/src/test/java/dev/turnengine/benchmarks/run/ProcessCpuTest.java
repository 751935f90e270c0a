package dev.turnengine.benchmarks.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void givenThisProcessBusyForAWhile_thenItsCpuTimeGrewByAtLeastThatMuch() {
        List<Long> self = List.of(ProcessHandle.current().pid());
        long before = ProcessCpu.nanos(self);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long spin = 0;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }

        // Most of the 200 ms were spent on a core, whatever else the machine runs.
        assertThat(ProcessCpu.nanos(self) - before).as("spun %d", spin)
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void givenTwoProcesses_thenTheirTimesAreSummed() {
        long self = ProcessHandle.current().pid();
        long once = ProcessCpu.nanos(List.of(self));

        // Read later, each of the two is at least the earlier reading.
        assertThat(ProcessCpu.nanos(List.of(self, self))).isGreaterThanOrEqualTo(2 * once);
    }

    @Test
    void givenAProcessThatDoesNotExist_thenItSaysSoInsteadOfCountingNothing() {
        assertThatThrownBy(() -> ProcessCpu.nanos(List.of(Long.MAX_VALUE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(Long.toString(Long.MAX_VALUE));
    }
}
