package dev.turnengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.application.port.in.StreamEventsUseCase.Command;
import dev.turnengine.application.port.in.StreamEventsUseCase.Result;
import dev.turnengine.application.support.EngineHarness;
import dev.turnengine.application.support.EventCollector;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StreamEventsServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void givenCursors_whenEventsKeepArriving_thenEachStreamReplaysThenGoesLiveWithoutGapOrDuplicate() {
        List<String> deltas = IntStream.range(0, 300).mapToObj(i -> "d" + i + " ").toList();
        var agent = ScriptedAgentRunner.replying(deltas).withDelay(Duration.ofMillis(1)).thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "go");
            List<EventCollector> streams = new ArrayList<>();
            List<Long> cursors = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                assertThat(agent.awaitDeltas(i * 40, WAIT)).isTrue();
                long cursor = Math.max(0, harness.storage.journal().lastSeq(conversation) - 7);
                cursors.add(cursor);
                streams.add(harness.stream(conversation, OptionalLong.of(cursor), Optional.empty()));
            }

            harness.follow(conversation, turn.id()).awaitFinal();
            long finalSeq = harness.storage.journal().lastSeq(conversation);

            for (int i = 0; i < streams.size(); i++) {
                EventCollector stream = streams.get(i);
                stream.awaitFinal();
                assertThat(stream.seqs()).containsExactlyElementsOf(
                        LongStream.rangeClosed(cursors.get(i) + 1, finalSeq).boxed().toList());
            }
            assertThat(streams.getFirst().deltaText()).isEqualTo(String.join("", deltas));
        }
    }

    @Test
    void givenNoCursor_whenOpened_thenStreamStartsWithTheNextEvent() {
        var agent = ScriptedAgentRunner.replying("a").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn earlier = harness.accept(conversation, "one");
            harness.follow(conversation, earlier.id()).awaitFinal();
            long before = harness.storage.journal().lastSeq(conversation);

            EventCollector live = harness.stream(conversation, OptionalLong.empty(), Optional.empty());
            Turn next = harness.accept(conversation, "two");
            live.awaitFinal();

            assertThat(live.seqs().getFirst()).isEqualTo(before + 1);
            assertThat(live.events()).allMatch(e -> e.turnId().equals(next.id()));
            assertThat(live.ended()).isFalse();
        }
    }

    @Test
    void givenTurnFilter_whenOpenedAfterTurnEnded_thenWholeTurnReplayedAndStreamEnds() {
        var agent = ScriptedAgentRunner.replying("x", "y").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn first = harness.accept(conversation, "1");
            Turn second = harness.accept(conversation, "2");
            harness.follow(conversation, second.id()).awaitFinal();

            EventCollector replay = harness.follow(conversation, first.id());
            replay.awaitFinal();

            assertThat(replay.types()).containsExactly("turn_accepted", "turn_started", "text_delta", "text_delta",
                    "final");
            assertThat(replay.events()).allMatch(e -> e.turnId().equals(first.id()));
            assertThat(replay.ended()).isTrue();
        }
    }

    @Test
    void givenTurnFilter_whenReopenedAtItsFinal_thenAlreadyDelivered() {
        var agent = ScriptedAgentRunner.replying("x").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "1");
            EventCollector first = harness.follow(conversation, turn.id());
            first.awaitFinal();
            long finalSeq = first.seqs().getLast();

            Result atFinal = harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.of(finalSeq), Optional.of(turn.id())), new EventCollector());
            EventCollector beforeFinal = new EventCollector();
            Result justBefore = harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.of(finalSeq - 1), Optional.of(turn.id())), beforeFinal);

            assertThat(atFinal).isInstanceOf(Result.AlreadyDelivered.class);
            assertThat(justBefore).isInstanceOf(Result.Opened.class);
            beforeFinal.awaitFinal();
            assertThat(beforeFinal.seqs()).containsExactly(finalSeq);
        }
    }

    @Test
    void givenCursorPastLastEvent_whenOpened_thenCursorAheadWithTheLastSeq_andAtLastOpens() {
        var agent = ScriptedAgentRunner.replying("x").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "1");
            EventCollector first = harness.follow(conversation, turn.id());
            first.awaitFinal();
            long last = first.seqs().getLast();

            Result ahead = harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.of(last + 1), Optional.empty()), new EventCollector());
            Result aheadOfTurn = harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.of(last + 1), Optional.of(turn.id())), new EventCollector());
            Result atLast = harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.of(last), Optional.empty()), new EventCollector());

            assertThat(ahead).isEqualTo(new Result.CursorAhead(last));
            assertThat(aheadOfTurn).isEqualTo(new Result.CursorAhead(last));
            assertThat(atLast).isInstanceOf(Result.Opened.class);
            ((Result.Opened) atLast).subscription().close();
        }
    }

    @Test
    void givenUnknownOrForeignTargets_whenOpened_thenNotFound() {
        try (var harness = new EngineHarness(ScriptedAgentRunner.replying("x").thenComplete())) {
            ConversationId conversation = harness.conversation();
            var stranger = harness.callerOf(new TenantId("other"));

            assertThat(harness.engine.streamEvents().open(new Command(harness.caller, ConversationId.random(),
                    OptionalLong.empty(), Optional.empty()), new EventCollector())).isInstanceOf(Result.NotFound.class);
            assertThat(harness.engine.streamEvents().open(new Command(stranger, conversation,
                    OptionalLong.empty(), Optional.empty()), new EventCollector())).isInstanceOf(Result.NotFound.class);
            assertThat(harness.engine.streamEvents().open(new Command(harness.caller, conversation,
                    OptionalLong.empty(), Optional.of(TurnId.random())), new EventCollector()))
                    .isInstanceOf(Result.NotFound.class);
        }
    }

    @Test
    void givenManyFollowersOfOneTurn_whenItStreams_thenEveryFollowerSeesTheSameEvents() {
        List<String> deltas = Collections.nCopies(50, "z");
        var agent = ScriptedAgentRunner.replying(deltas).withDelay(Duration.ofMillis(1)).thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "go");
            List<EventCollector> followers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                followers.add(harness.follow(conversation, turn.id()));
            }

            for (EventCollector follower : followers) {
                follower.awaitFinal();
                assertThat(follower.seqs()).isEqualTo(followers.getFirst().seqs());
                assertThat(follower.deltaText()).isEqualTo("z".repeat(50));
            }
        }
    }
}
