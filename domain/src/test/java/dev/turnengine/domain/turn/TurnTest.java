package dev.turnengine.domain.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.trace.TraceContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final Turn queued = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web",
            7, NOW);

    @Test
    void givenQueuedTurn_whenStartedAndCompleted_thenCarriesReplyAndTimestamps() {
        Turn done = TurnFinal.completed("hello", Optional.of(new Usage(3, 2)))
                .endTurn(queued.start(NOW.plusSeconds(1)), NOW.plusSeconds(2));

        assertThat(done.status()).isEqualTo(TurnStatus.COMPLETED);
        assertThat(done.replyText()).isEqualTo("hello");
        assertThat(done.usage()).contains(new Usage(3, 2));
        assertThat(done.startedAt()).contains(NOW.plusSeconds(1));
        assertThat(done.finishedAt()).contains(NOW.plusSeconds(2));
        assertThat(done.acceptedSeq()).isEqualTo(7);
    }

    @Test
    void givenQueuedTurn_whenFinishedBeforeStarting_thenEndsWithoutStart() {
        Turn failed = TurnFinal.failed("", new TurnError("abandoned", "gone"), Optional.empty()).endTurn(queued, NOW);

        assertThat(failed.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(failed.startedAt()).isEmpty();
        assertThat(failed.error().orElseThrow().code()).isEqualTo("abandoned");
    }

    @Test
    void givenEndedTurn_whenFinishedAgain_thenRefused() {
        Turn done = TurnFinal.completed("x", Optional.empty()).endTurn(queued.start(NOW), NOW);

        assertThatThrownBy(() -> TurnFinal.interrupted("x", Optional.empty(), Optional.empty()).endTurn(done, NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended");
    }

    @Test
    void givenRunningTurn_whenStartedAgain_thenRefused() {
        Turn running = queued.start(NOW);

        assertThatThrownBy(() -> running.start(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenFailedFinal_whenNoErrorGiven_thenRefused() {
        assertThatThrownBy(() -> new TurnFinal(FinalStatus.FAILED, "", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenBlankText_whenMessageBuilt_thenRefused() {
        assertThatThrownBy(() -> UserMessage.text(" \t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenInvalidBase64_whenAttachmentBuilt_thenRefused() {
        assertThatThrownBy(() -> new Attachment("text/plain", Optional.of("%%%"), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenBase64WithPadding_whenSizeAsked_thenDecodedSizeWithoutDecoding() {
        assertThat(new Attachment("a/b", Optional.of("aGk="), Optional.empty(), Optional.empty()).decodedSize())
                .isEqualTo(2);
        assertThat(new Attachment("a/b", Optional.of("aGVsbG8="), Optional.empty(), Optional.empty()).decodedSize())
                .isEqualTo(5);
        assertThat(new Attachment("a/b", Optional.of("YWJj"), Optional.empty(), Optional.empty()).decodedSize())
                .isEqualTo(3);
    }

    @Test
    void givenWireNames_whenParsed_thenOnlyKnownPolicies() {
        assertThat(BusyPolicy.parse("reject")).contains(BusyPolicy.REJECT);
        assertThat(BusyPolicy.parse("REJECT")).isEmpty();
        assertThat(BusyPolicy.parse("later")).isEmpty();
    }

    @Test
    void givenTracedTurn_whenItStartsAndIsReloaded_thenItKeepsItsTrace_andLosesItWhenItEnds() {
        TraceContext trace = new TraceContext(Map.of("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        Turn turn = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web", 1, now, trace);

        Turn started = turn.start(now).withMessage(UserMessage.text("hi"));
        Turn ended = TurnFinal.completed("hello", Optional.empty()).endTurn(started, now);

        assertThat(started.trace()).isEqualTo(trace);
        assertThat(ended.trace().isEmpty()).isTrue();
    }
}
