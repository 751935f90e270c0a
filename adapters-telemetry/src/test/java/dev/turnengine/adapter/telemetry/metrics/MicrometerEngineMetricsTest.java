package dev.turnengine.adapter.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerEngineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerEngineMetrics metrics = new MicrometerEngineMetrics(registry);

    @Test
    void givenTurnsEndingAlikeAndApart_whenReported_thenEachLabelPairCountsOnItsOwnSeries() {
        metrics.turnEnded(summary(FinalStatus.COMPLETED, Optional.empty(), 3));
        metrics.turnEnded(summary(FinalStatus.FAILED, Optional.of(TurnError.AGENT_ERROR), 5));
        metrics.turnEnded(summary(FinalStatus.COMPLETED, Optional.empty(), 7));
        metrics.turnEnded(summary(FinalStatus.FAILED, Optional.of(TurnError.TIMEOUT), 11));
        metrics.turnEnded(summary(FinalStatus.FAILED, Optional.of(TurnError.TIMEOUT), 13));

        assertThat(ended("completed", "none")).isEqualTo(2);
        assertThat(ended("failed", TurnError.AGENT_ERROR)).isEqualTo(1);
        assertThat(ended("failed", TurnError.TIMEOUT)).isEqualTo(2);
        assertThat(registry.get("turns.duration").tag("status", "completed").timer().totalTime(
                TimeUnit.MILLISECONDS)).isEqualTo(10);
        assertThat(registry.get("turns.duration").tag("status", "failed").timer().count()).isEqualTo(3);
        assertThat(registry.get("turns.ended").counters()).hasSize(3);
    }

    @Test
    void givenModelToolAndWebhookReports_whenRepeated_thenTheyAddUpOnOneMeterPerLabelSet() {
        metrics.modelCall("openai", "completed", Duration.ofMillis(20), 10, 4);
        metrics.modelCall("openai", "completed", Duration.ofMillis(30), 5, 0);
        metrics.modelCall("some-new-provider", "failed", Duration.ofMillis(1), 0, 0);
        metrics.toolCallEnded("lookup", true, "ok", Duration.ofMillis(2));
        metrics.toolCallEnded("lookup", true, "ok", Duration.ofMillis(2));
        metrics.toolCallEnded("lookup", false, "ok", Duration.ofMillis(2));
        metrics.webhookDelivered("delivered", Duration.ofMillis(5));
        metrics.webhookDelivered("delivered", Duration.ofMillis(5));

        assertThat(registry.get("model.calls").tag("provider", "openai").tag("outcome", "completed").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("model.tokens").tag("provider", "openai").tag("direction", "input").counter().count())
                .isEqualTo(15);
        assertThat(registry.get("model.tokens").tag("provider", "openai").tag("direction", "output").counter()
                .count()).isEqualTo(4);
        assertThat(registry.get("model.calls").tag("provider", BoundedLabel.OTHER).tag("outcome", "failed").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("tool.calls").tag("tool", "lookup").timer().count()).isEqualTo(2);
        assertThat(registry.get("tool.calls").tag("tool", BoundedLabel.OTHER).timer().count()).isEqualTo(1);
        assertThat(registry.get("webhook.deliveries").tag("outcome", "delivered").timer().count()).isEqualTo(2);
    }

    private double ended(String status, String code) {
        return registry.get("turns.ended").tag("status", status).tag("code", code).counter().count();
    }

    private static TurnSummary summary(FinalStatus status, Optional<String> code, long millis) {
        return new TurnSummary(TurnId.random(), ConversationId.random(), status, code, Duration.ZERO,
                Duration.ofMillis(millis), Optional.empty(), Optional.empty());
    }
}
