package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.turn.TurnId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a notification round sends: events while they fit, always the latest sequence, events before announcements. */
class NotificationRoundTest {

    private static final NotificationKey KEY = new NotificationKey(new byte[32]);
    private static final TurnId TURN = new TurnId(UUID.randomUUID());

    @Test
    void givenSmallEventsOfTwoConversations_thenEventsMessagesFirstThenEveryLatestSequence() {
        ConversationId one = conversation();
        ConversationId two = conversation();
        NotificationRound round = new NotificationRound();
        add(round, deltas(one, 1, 3, "hi"));
        add(round, deltas(two, 5, 5, "there"));
        add(round, deltas(one, 4, 4, "again"));

        List<String> payloads = round.payloads(KEY);

        assertThat(NotificationMessages.carriesEvents(payloads.getFirst())).isTrue();
        assertThat(NotificationMessages.carriesEvents(payloads.getLast())).isFalse();
        assertThat(events(payloads)).containsOnlyKeys(one, two);
        assertThat(events(payloads).get(one)).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(announced(payloads)).isEqualTo(Map.of(one, 4L, two, 5L));
    }

    @Test
    void givenEventsOverTheRoundsLimit_thenTheConversationIsOnlyAnnounced() {
        ConversationId big = conversation();
        ConversationId small = conversation();
        NotificationRound round = new NotificationRound();
        String each = "x".repeat(NotificationMessages.MAX_ROUND_EVENT_BYTES / 4 - 500); // each under the event limit
        for (long seq = 1; seq <= 5; seq++) {
            add(round, deltas(big, seq, seq, each));
        }
        add(round, deltas(small, 1, 1, "z"));

        List<String> payloads = round.payloads(KEY);

        assertThat(events(payloads)).containsOnlyKeys(small);
        assertThat(announced(payloads)).isEqualTo(Map.of(big, 5L, small, 1L));
    }

    @Test
    void givenAFastStreamUnderTheRoundsLimit_thenAllItsEventsGoAlong_overSeveralMessages() {
        ConversationId fast = conversation();
        NotificationRound round = new NotificationRound();
        for (long seq = 1; seq <= 60; seq++) { // a delta every third of a millisecond for a whole round
            add(round, deltas(fast, seq, seq, "token " + seq + " "));
        }

        List<String> payloads = round.payloads(KEY);

        assertThat(payloads.stream().filter(NotificationMessages::carriesEvents).count()).isGreaterThan(1);
        assertThat(events(payloads).get(fast)).extracting(JournalEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(announced(payloads)).isEqualTo(Map.of(fast, 60L));
    }

    @Test
    void givenTheSameEventTwice_thenSentOnce() {
        ConversationId id = conversation();
        NotificationRound round = new NotificationRound();
        add(round, deltas(id, 1, 2, "hi"));
        add(round, deltas(id, 2, 3, "hi"));

        assertThat(events(round.payloads(KEY)).get(id)).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void givenARoundThatFailed_whenAnnouncedAgain_thenOnlyItsLatestSequencesGoWithTheNextOnesEvents() {
        ConversationId failed = conversation();
        ConversationId fresh = conversation();
        NotificationRound lost = new NotificationRound();
        add(lost, deltas(failed, 1, 2, "lost"));
        NotificationRound next = new NotificationRound();
        add(next, deltas(fresh, 1, 1, "new"));

        lost.announceAgainIn(next);
        add(next, deltas(failed, 3, 3, "after"));
        List<String> payloads = next.payloads(KEY);

        assertThat(next.size()).isEqualTo(2);
        assertThat(events(payloads)).containsOnlyKeys(fresh);
        assertThat(announced(payloads)).isEqualTo(Map.of(failed, 3L, fresh, 1L));
    }

    @Test
    void givenAnEventWithTextBeyondAscii_thenItsEncodingCarriesItsSizeInUtf8() {
        List<JournalEvent> events = deltas(conversation(), 1, 1, "h\u00e9llo \u4e16\u754c \ud83d\ude00");

        NotificationMessages.EncodedEvent encoded = NotificationMessages.encode(events).getFirst();

        assertThat(encoded.bytes()).isEqualTo(encoded.json().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(encoded.json().length());
    }

    private static ConversationId conversation() {
        return new ConversationId(UUID.randomUUID());
    }

    private static List<JournalEvent> deltas(ConversationId id, long from, long to, String text) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new JournalEvent(id, seq, TURN, new TextDelta(text), Instant.EPOCH)).toList();
    }

    private static void add(NotificationRound round, List<JournalEvent> events) {
        round.add(events.getFirst().conversationId(), events, NotificationMessages.encode(events));
    }

    private static Map<ConversationId, List<JournalEvent>> events(List<String> payloads) {
        Map<ConversationId, List<JournalEvent>> events = new HashMap<>();
        payloads.stream().filter(NotificationMessages::carriesEvents)
                .forEach(payload -> NotificationMessages.parseEvents(payload, KEY).forEach((id, list) ->
                        events.computeIfAbsent(id, key -> new ArrayList<>()).addAll(list)));
        return events;
    }

    private static Map<ConversationId, Long> announced(List<String> payloads) {
        Map<ConversationId, Long> latest = new HashMap<>();
        payloads.stream().filter(payload -> !NotificationMessages.carriesEvents(payload))
                .forEach(payload -> latest.putAll(NotificationMessages.parse(payload)));
        return latest;
    }
}
