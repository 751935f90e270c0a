package dev.turnengine.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.turnengine.benchmarks.http.OverheadProbe.Config;
import dev.turnengine.benchmarks.stats.LatencySamples;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's production configuration is the one the README recommends, variable for variable; its changes
 * against everything off pair each round's slices.
 */
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

    @Test
    void givenEachConfiguration_thenItsServerRunsWhatItsRowSays_andOnlyTheRatioSetsTheRecommendedAndTheTenthApart() {
        String endpoint = "http://127.0.0.1:4318";
        Map<String, String> recommended = OverheadProbe.environment(Config.RECOMMENDED, endpoint);
        Map<String, String> tenth = OverheadProbe.environment(Config.TENTH, endpoint);

        assertThat(recommended).containsAllEntriesOf(OverheadProbe.recommended(endpoint))
                .containsEntry("TURNS_METRICS", "on");
        assertThat(OverheadProbe.environment(Config.RECOMMENDED_AGAIN, endpoint)).isEqualTo(recommended);
        assertThat(tenth).containsEntry("OTEL_TRACES_SAMPLER_ARG", "0.1");
        Map<String, String> tenthWithTheRecommendedRatio = new HashMap<>(tenth);
        tenthWithTheRecommendedRatio.put("OTEL_TRACES_SAMPLER_ARG", OverheadProbe.RECOMMENDED_RATIO);
        assertThat(tenthWithTheRecommendedRatio).isEqualTo(recommended);
        assertThat(OverheadProbe.RECOMMENDED_RATIO).isNotEqualTo(OverheadProbe.TENTH_RATIO);
        assertThat(OverheadProbe.environment(Config.FULL, endpoint)).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT",
                endpoint).doesNotContainKeys("OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG");
        assertThat(OverheadProbe.environment(Config.METRICS, endpoint)).containsExactly(
                Map.entry("TURNS_METRICS", "on"));
        for (Config off : List.of(Config.OFF, Config.OFF_AGAIN)) {
            assertThat(OverheadProbe.environment(off, endpoint)).containsExactly(Map.entry("TURNS_METRICS", "off"));
        }
    }

    @Test
    void givenSlicesRoundByRound_thenTheChangeIsTheMedianOfSameRoundRatios_withTheirQuartiles() {
        // Round ratios 2, 1, 3, 5, 4: the baseline's own drift (it doubles in round 3) is divided out.
        OverheadProbe.Change change = OverheadRounds.change(List.of(20.0, 10.0, 60.0, 50.0, 40.0),
                List.of(10.0, 10.0, 20.0, 10.0, 10.0));

        assertThat(change.median()).isCloseTo(200.0, Offset.offset(1e-9));
        assertThat(change.lowerQuartile()).isCloseTo(100.0, Offset.offset(1e-9));
        assertThat(change.upperQuartile()).isCloseTo(300.0, Offset.offset(1e-9));
        assertThat(OverheadRounds.change(List.of(9.0, 11.0), List.of(10.0, 10.0)).median())
                .isCloseTo(0.0, Offset.offset(1e-9));
    }

    @Test
    void givenManyRounds_thenTheControlFollowsMoreThanTwoOtherServers_andEachRoundsOrderRepeats() {
        Set<OverheadProbe.Config> before = EnumSet.noneOf(OverheadProbe.Config.class);
        for (int round = 0; round < 30; round++) {
            List<OverheadProbe.Config> order = OverheadProbe.shuffled(round);
            assertThat(order).containsExactlyInAnyOrder(OverheadProbe.Config.values());
            assertThat(OverheadProbe.shuffled(round)).isEqualTo(order);
            int offAgain = order.indexOf(OverheadProbe.Config.OFF_AGAIN);
            if (offAgain > 0) {
                before.add(order.get(offAgain - 1));
            }
        }
        // Rotating kept the control right after the baseline in every round where it was not first.
        assertThat(before).hasSizeGreaterThan(2);
    }

    @Test
    void givenPairedServers_thenAPairIsTheGeometricMeanOfItsTwo_andItsSecondServerIsComparedWithTheFirst() {
        // The two off servers differ by a factor of four; their pair stands at twice the first.
        Map<Config, Double> rate = new EnumMap<>(Config.class);
        for (Config config : Config.values()) {
            rate.put(config, 100.0);
        }
        rate.put(Config.OFF_AGAIN, 400.0);
        rate.put(Config.RECOMMENDED, 180.0);
        rate.put(Config.RECOMMENDED_AGAIN, 220.0);
        OverheadRounds rounds = new OverheadRounds();
        for (int round = 0; round < 3; round++) {
            for (Config config : Config.values()) {
                rounds.submitSlice(config, rate.get(config), 10.0);
                LatencySamples samples = new LatencySamples();
                samples.add(config == Config.RECOMMENDED_AGAIN ? 9_000_000 : 1_000_000);
                rounds.firstDeltaSlice(config, samples);
            }
        }

        assertThat(OverheadRounds.series(Config.OFF, Map.of(Config.OFF, List.of(100.0), Config.OFF_AGAIN,
                List.of(400.0)))).containsExactly(200.0);
        assertThat(OverheadRounds.series(Config.OFF_AGAIN, Map.of(Config.OFF, List.of(100.0), Config.OFF_AGAIN,
                List.of(400.0)))).containsExactly(400.0);
        OverheadProbe.Figures recommended = rounds.figures(Config.RECOMMENDED);
        assertThat(recommended.submitChange().median())
                .isCloseTo((Math.sqrt(180.0 * 220.0) / 200 - 1) * 100, Offset.offset(1e-9));
        assertThat(recommended.firstDeltaP99()).as("over both servers' samples, in ms").isCloseTo(9.0,
                Offset.offset(1e-9));
        assertThat(rounds.figures(Config.RECOMMENDED_AGAIN).firstDeltaP99()).isCloseTo(9.0, Offset.offset(1e-9));
        assertThat(rounds.figures(Config.METRICS).firstDeltaP99()).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(rounds.figures(Config.OFF_AGAIN).submitChange().median()).isCloseTo(300.0, Offset.offset(1e-9));
        assertThat(rounds.figures(Config.RECOMMENDED_AGAIN).submitChange().median())
                .isCloseTo((220.0 / 180.0 - 1) * 100, Offset.offset(1e-9));
        assertThat(rounds.figures(Config.METRICS).submitChange().median()).isCloseTo(-50.0, Offset.offset(1e-9));
    }
}
