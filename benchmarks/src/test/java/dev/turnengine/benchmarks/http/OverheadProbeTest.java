package dev.turnengine.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's production configuration is the one the README recommends, variable for variable. */
class OverheadProbeTest {

    @Test
    void givenTheReadmesOperatingSection_whenItsTracingExampleIsRead_thenItSetsWhatTheProbeMeasures()
            throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String operating = readme.substring(readme.indexOf("## Operating it"), readme.indexOf("## Benchmarks"));
        int example = operating.indexOf("```bash", operating.indexOf("**Traces.**"));
        String command = operating.substring(example, operating.indexOf("```", example + 7));

        Map<String, String> measured = OverheadProbe.recommended("http://collector:4318");

        measured.forEach((name, value) -> assertThat(command).contains(name + "=" + value));
        assertThat(command.split("OTEL_", -1)).as("no other OTEL_ variable than those measured")
                .hasSize(measured.size() + 1);
    }
}
