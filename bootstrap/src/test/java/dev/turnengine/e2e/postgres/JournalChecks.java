package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.turnengine.testkit.http.SseFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Invariants of a conversation's events, whichever way they were read (a stream, a replay, the table). */
final class JournalChecks {

    private JournalChecks() {
    }

    /** Each event as {@code seq:type:turn}, for comparing two readings of one journal. */
    static List<String> outline(List<SseFrame> events) {
        return events.stream().map(event -> event.seq() + ":" + event.type() + ":" + event.turnId()).toList();
    }

    /** Sequences run from {@code firstSeq} up by one, with no gap and no repeat. */
    static void assertGapFree(List<SseFrame> events, long firstSeq) {
        long expected = firstSeq;
        for (SseFrame event : events) {
            if (event.seq() != expected) {
                fail("expected seq %d but got %d (%s); all: %s", expected, event.seq(), event.type(), outline(events));
            }
            expected++;
        }
    }

    /**
     * Every turn's events come in the lifecycle's order ({@code turn_accepted}, at most one
     * {@code turn_started}, {@code text_delta}s, one {@code final}, nothing after it), and a final's text is
     * exactly the deltas the turn streamed. Turns without a final are only allowed in {@code unfinished}.
     */
    static void assertTurnsWellFormed(List<SseFrame> events, Set<String> unfinished) {
        Map<String, List<SseFrame>> byTurn = new LinkedHashMap<>();
        events.forEach(event -> byTurn.computeIfAbsent(event.turnId(), id -> new ArrayList<>()).add(event));
        byTurn.forEach((turn, own) -> {
            List<String> types = own.stream().map(SseFrame::type).toList();
            assertThat(types.getFirst()).as("first event of turn %s: %s", turn, types).isEqualTo("turn_accepted");
            boolean started = false;
            boolean ended = false;
            StringBuilder text = new StringBuilder();
            for (SseFrame event : own.subList(1, own.size())) {
                assertThat(ended).as("an event after the final of turn %s: %s", turn, types).isFalse();
                switch (event.type()) {
                    case "turn_accepted" -> fail("turn %s accepted twice: %s", turn, types);
                    case "turn_started" -> {
                        assertThat(started).as("turn %s started twice: %s", turn, types).isFalse();
                        started = true;
                    }
                    case "text_delta" -> {
                        assertThat(started).as("turn %s streamed before it started: %s", turn, types).isTrue();
                        text.append(event.delta());
                    }
                    case "final" -> {
                        ended = true;
                        assertThat(event.text()).as("final text of turn %s is its deltas joined", turn)
                                .isEqualTo(text.toString());
                    }
                    default -> fail("unknown event type %s", event.type());
                }
            }
            if (!unfinished.contains(turn)) {
                assertThat(ended).as("turn %s has a final: %s", turn, types).isTrue();
            }
        });
    }

    /** At most one turn runs at any point of the journal, and turns start in the order they were accepted. */
    static void assertOneTurnAtATime(List<SseFrame> events) {
        Optional<String> running = Optional.empty();
        List<String> accepted = new ArrayList<>();
        List<String> startedOrder = new ArrayList<>();
        for (SseFrame event : events) {
            switch (event.type()) {
                case "turn_accepted" -> accepted.add(event.turnId());
                case "turn_started" -> {
                    if (running.isPresent()) {
                        fail("turn %s started at seq %d while turn %s was running: %s", event.turnId(), event.seq(),
                                running.get(), outline(events));
                    }
                    running = Optional.of(event.turnId());
                    startedOrder.add(event.turnId());
                }
                case "text_delta" -> assertThat(running).as("delta at seq %d", event.seq()).contains(event.turnId());
                case "final" -> {
                    if (running.isPresent() && running.get().equals(event.turnId())) {
                        running = Optional.empty();
                    } else {
                        assertThat(startedOrder).as("final at seq %d of a turn that never ran", event.seq())
                                .doesNotContain(event.turnId());
                    }
                }
                default -> fail("unknown event type %s", event.type());
            }
        }
        List<String> acceptedThatStarted = accepted.stream().filter(startedOrder::contains).toList();
        assertThat(startedOrder).as("turns start in order of acceptance").isEqualTo(acceptedThatStarted);
    }

    /** The finals by turn; fails if a turn has two. */
    static Map<String, SseFrame> finals(List<SseFrame> events) {
        Map<String, SseFrame> finals = new LinkedHashMap<>();
        for (SseFrame event : events) {
            if (event.isFinal() && finals.put(event.turnId(), event) != null) {
                fail("turn %s has two finals: %s", event.turnId(), outline(events));
            }
        }
        return finals;
    }

    /** The text a turn streamed, its deltas joined. */
    static String streamedText(List<SseFrame> events, String turnId) {
        return events.stream().filter(event -> event.turnId().equals(turnId) && event.type().equals("text_delta"))
                .map(SseFrame::delta).collect(Collectors.joining());
    }

    /** Turn ids in order of acceptance. */
    static List<String> acceptedTurns(List<SseFrame> events) {
        return events.stream().filter(event -> event.type().equals("turn_accepted")).map(SseFrame::turnId)
                .toList();
    }

    /** How many finals of each status (and error code), e.g. {@code completed=12, failed/abandoned=1}. */
    static Map<String, Long> outcomes(List<SseFrame> events) {
        return events.stream().filter(SseFrame::isFinal)
                .collect(Collectors.groupingBy(
                        event -> event.status() + (event.errorCode().isEmpty() ? "" : "/" + event.errorCode()),
                        LinkedHashMap::new, Collectors.counting()));
    }

    /** The distinct turn ids among the events. */
    static Set<String> turnIds(List<SseFrame> events) {
        return events.stream().map(SseFrame::turnId).collect(Collectors.toCollection(HashSet::new));
    }
}
