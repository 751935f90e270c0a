package dev.turnengine.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmitTest {

    @Test
    void givenPercentilesPrintedUnderAKey_whenReadBack_thenTheSameFiguresAndAnotherKeyIsAbsent() {
        Map<String, Double> metrics = Map.of("db.commit.count", 40.0, "db.commit.p50", 0.4, "db.commit.p90", 0.6,
                "db.commit.p99", 0.8, "db.commit.p99.9", 1.5, "db.commit.max", 2.0, "db.select1.p50", 0.1);

        assertThat(Emit.percentilesIn(metrics, "db.commit")).contains(new Percentiles(40, 0.4, 0.6, 0.8, 1.5, 2.0));
        assertThat(Emit.percentilesIn(metrics, "db.floor")).isEmpty();
    }
}
