package dev.turnengine.application.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.port.in.SubmitMessageUseCase.Command;
import dev.turnengine.application.port.in.SubmitMessageUseCase.Result;
import dev.turnengine.application.support.EngineHarness;
import dev.turnengine.application.support.EventCollector;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TurnExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void givenAgentCompletes_whenTurnRuns_thenEventsInOrderAndOneFinalWithUsage() {
        var agent = ScriptedAgentRunner.replying("Hello", ", ", "world").thenComplete(new Usage(12, 3));
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "hi");

            EventCollector events = harness.follow(conversation, turn.id());
            TurnFinal ending = events.awaitFinal();

            assertThat(events.types()).containsExactly(
                    "turn_accepted", "turn_started", "text_delta", "text_delta", "text_delta", "final");
            assertThat(events.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(ending.status()).isEqualTo(FinalStatus.COMPLETED);
            assertThat(ending.text()).isEqualTo("Hello, world");
            assertThat(ending.usage()).contains(new Usage(12, 3));
            assertThat(events.ended()).isTrue();
            Turn stored = harness.engine.queryTurns().get(harness.caller, conversation, turn.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(TurnStatus.COMPLETED);
            assertThat(stored.replyText()).isEqualTo("Hello, world");
            assertThat(stored.usage()).contains(new Usage(12, 3));
        }
    }

    @Test
    void givenSeveralMessages_whenEnqueued_thenTurnsRunOneAtATimeInAcceptanceOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        List<Integer> concurrency = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
        AgentRunner recording = (request, output, cancellation) -> {
            concurrency.add(active.incrementAndGet());
            order.add(request.message().text());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            output.delta(request.message().text());
            active.decrementAndGet();
            return AgentResult.withoutUsage();
        };
        try (var harness = new EngineHarness(recording)) {
            ConversationId conversation = harness.conversation();
            List<Turn> turns = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                turns.add(harness.accept(conversation, "m" + i));
            }

            harness.follow(conversation, turns.getLast().id()).awaitFinal();

            assertThat(order).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
            assertThat(concurrency).allMatch(n -> n == 1);
            assertThat(harness.engine.queryTurns().list(harness.caller, conversation, 0, 100).orElseThrow())
                    .extracting(Turn::status).containsOnly(TurnStatus.COMPLETED);
        }
    }

    @Test
    void givenRunningTurn_whenInterrupted_thenFinalIsInterruptedWithPartialText() {
        var agent = ScriptedAgentRunner.replying("one ", "two ", "three ").gated().thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "count");
            EventCollector events = harness.follow(conversation, turn.id());
            agent.allow(2);
            assertThat(agent.awaitDeltas(2, WAIT)).isTrue();
            assertThat(agent.awaitWaiting(WAIT)).isTrue();

            var result = harness.engine.interruptTurn().interrupt(harness.caller, conversation);

            assertThat(result).isEqualTo(new InterruptTurnUseCase.Result.Interrupted(turn.id()));
            TurnFinal ending = events.awaitFinal();
            assertThat(ending.status()).isEqualTo(FinalStatus.INTERRUPTED);
            assertThat(ending.text()).isEqualTo("one two ");
            assertThat(agent.awaitCancelled(1, WAIT)).isTrue();
            assertThat(harness.engine.interruptTurn().interrupt(harness.caller, conversation))
                    .isInstanceOf(InterruptTurnUseCase.Result.Idle.class);
            assertThat(events.finals()).hasSize(1);
        }
    }

    @Test
    void givenIdleConversation_whenInterrupted_thenIdleAndNothingChanges() {
        try (var harness = new EngineHarness(ScriptedAgentRunner.replying("x").thenComplete())) {
            ConversationId conversation = harness.conversation();

            assertThat(harness.engine.interruptTurn().interrupt(harness.caller, conversation))
                    .isInstanceOf(InterruptTurnUseCase.Result.Idle.class);
            assertThat(harness.engine.interruptTurn().interrupt(harness.callerOf(
                    new dev.turnengine.domain.conversation.TenantId("other")), conversation))
                    .isInstanceOf(InterruptTurnUseCase.Result.NotFound.class);
            assertThat(harness.storage.journal().lastSeq(conversation)).isZero();
        }
    }

    @Test
    void givenInterruptedTurn_whenOthersQueued_thenQueuedTurnsStillRunInOrder() {
        var agent = ScriptedAgentRunner.replying("a", "b").gated().thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn first = harness.accept(conversation, "1");
            Turn second = harness.accept(conversation, "2");
            assertThat(agent.awaitWaiting(WAIT)).isTrue();

            harness.engine.interruptTurn().interrupt(harness.caller, conversation);
            agent.allowAll();

            assertThat(harness.follow(conversation, first.id()).awaitFinal().status())
                    .isEqualTo(FinalStatus.INTERRUPTED);
            assertThat(harness.follow(conversation, second.id()).awaitFinal().status())
                    .isEqualTo(FinalStatus.COMPLETED);
        }
    }

    @Test
    void givenBusyConversation_whenRejectPolicy_thenConversationBusyAndNothingStored() {
        var agent = ScriptedAgentRunner.replying("a").gated().thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            harness.accept(conversation, "first");
            assertThat(agent.awaitWaiting(WAIT)).isTrue();
            long seqBefore = harness.storage.journal().lastSeq(conversation);

            Result result = harness.submit(Command.text(harness.caller, conversation, "second").withOnBusy(BusyPolicy.REJECT));

            assertThat(((Result.Refused) result).refusal().reason()).isEqualTo(Refusal.Reason.CONVERSATION_BUSY);
            assertThat(harness.storage.turns().list(conversation, 0, 10)).hasSize(1);
            assertThat(harness.storage.journal().lastSeq(conversation)).isEqualTo(seqBefore);
            agent.allowAll();
        }
    }

    @Test
    void givenIdleConversation_whenRejectPolicy_thenAccepted() {
        try (var harness = new EngineHarness(ScriptedAgentRunner.replying("a").thenComplete())) {
            ConversationId conversation = harness.conversation();

            assertThat(harness.submit(Command.text(harness.caller, conversation, "x").withOnBusy(BusyPolicy.REJECT)))
                    .isInstanceOf(Result.Accepted.class);
        }
    }

    @Test
    void givenRunningTurn_whenInterruptPolicy_thenRunningTurnInterruptedAndNewOneRuns() {
        var agent = ScriptedAgentRunner.replying("slow ", "reply").gated().thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn first = harness.accept(conversation, "first");
            agent.allow(1);
            assertThat(agent.awaitDeltas(1, WAIT)).isTrue();
            assertThat(agent.awaitWaiting(WAIT)).isTrue();

            Result second = harness.submit(Command.text(harness.caller, conversation, "second")
                    .withOnBusy(BusyPolicy.INTERRUPT));

            TurnFinal firstEnding = harness.follow(conversation, first.id()).awaitFinal();
            assertThat(firstEnding.status()).isEqualTo(FinalStatus.INTERRUPTED);
            assertThat(firstEnding.text()).isEqualTo("slow ");
            agent.allowAll();
            Turn secondTurn = ((Result.Accepted) second).turn();
            assertThat(harness.follow(conversation, secondTurn.id()).awaitFinal().status())
                    .isEqualTo(FinalStatus.COMPLETED);
        }
    }

    @Test
    void givenAgentThrows_whenTurnRuns_thenExactlyOneFailedFinalAndNextTurnRuns() {
        var agent = ScriptedAgentRunner.replying("partial ").thenThrow(new IllegalStateException("boom"));
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn first = harness.accept(conversation, "1");
            Turn second = harness.accept(conversation, "2");

            EventCollector all = harness.stream(conversation, OptionalLong.of(0), Optional.empty());
            all.awaitFinals(2);

            TurnFinal firstEnding = all.finals().getFirst();
            assertThat(firstEnding.status()).isEqualTo(FinalStatus.FAILED);
            assertThat(firstEnding.text()).isEqualTo("partial ");
            assertThat(firstEnding.error().orElseThrow().code()).isEqualTo(TurnError.AGENT_ERROR);
            assertThat(firstEnding.error().orElseThrow().message()).isEqualTo("the agent failed").doesNotContain("boom");
            assertThat(all.events().stream().filter(e -> e.isFinal()).map(e -> e.turnId()))
                    .containsExactly(first.id(), second.id());
        }
    }

    @Test
    void givenAgentFailsWithCode_whenTurnRuns_thenFinalCarriesThatCode() {
        var agent = ScriptedAgentRunner.silent().thenFail("model_rate_limited", "slow down");
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "hi");

            TurnFinal ending = harness.follow(conversation, turn.id()).awaitFinal();

            assertThat(ending.error()).contains(new TurnError("model_rate_limited", "slow down"));
        }
    }

    @Test
    void givenAgentHangsIgnoringCancellation_whenTimeoutPasses_thenFailedWithTimeoutAndQueueMovesOn() {
        var agent = ScriptedAgentRunner.replying("thinking ").thenHangIgnoringCancellation();
        var settings = EngineSettings.defaults().withTurnTimeout(Duration.ofMillis(300));
        try (var harness = new EngineHarness(agent, settings)) {
            ConversationId conversation = harness.conversation();
            Turn first = harness.accept(conversation, "1");
            Turn second = harness.accept(conversation, "2");

            TurnFinal ending = harness.follow(conversation, first.id()).awaitFinal();

            assertThat(ending.status()).isEqualTo(FinalStatus.FAILED);
            assertThat(ending.error().orElseThrow().code()).isEqualTo(TurnError.TIMEOUT);
            assertThat(ending.text()).isEqualTo("thinking ");
            assertThat(harness.follow(conversation, second.id()).awaitFinal().error().orElseThrow().code())
                    .isEqualTo(TurnError.TIMEOUT);
            EventCollector all = harness.stream(conversation, OptionalLong.of(0), Optional.empty());
            all.awaitFinals(2);
            assertThat(all.finals()).hasSize(2);
        } finally {
            agent.release();
        }
    }

    @Test
    void givenRunningTurn_whenEngineCloses_thenTurnEndsInterruptedWithShutdownCode() {
        var agent = ScriptedAgentRunner.replying("half ", "way").gated().thenComplete();
        var harness = new EngineHarness(agent);
        ConversationId conversation = harness.conversation();
        Turn turn = harness.accept(conversation, "hi");
        agent.allow(1);
        assertThat(agent.awaitDeltas(1, WAIT)).isTrue();
        assertThat(agent.awaitWaiting(WAIT)).isTrue();

        harness.close();

        Turn stored = harness.storage.turns().find(conversation, turn.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TurnStatus.INTERRUPTED);
        assertThat(stored.replyText()).isEqualTo("half ");
        assertThat(stored.error().orElseThrow().code()).isEqualTo(TurnError.SHUTDOWN);
    }

    @Test
    void givenOwnRunningTurnsLeaseLapsed_whenRecoverySweeps_thenTurnGoesOnAndCompletes() throws InterruptedException {
        var agent = ScriptedAgentRunner.replying("still ", "here").gated().thenComplete();
        var settings = EngineSettings.defaults().withLeaseDuration(Duration.ofMinutes(10));
        try (var harness = new EngineHarness(agent, settings)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "hi");
            agent.allow(1);
            assertThat(agent.awaitDeltas(1, WAIT)).isTrue();

            // As if storage had been away longer than a lease: no renewal, and the lease is now in the past.
            harness.clock.advance(Duration.ofMinutes(11));
            Thread.sleep(2_500); // two recovery sweeps, far before the next renewal (every lease / 3)
            agent.allowAll();

            TurnFinal ending = harness.follow(conversation, turn.id()).awaitFinal();
            assertThat(ending.status()).isEqualTo(FinalStatus.COMPLETED);
            assertThat(ending.text()).isEqualTo("still here");
        } finally {
            agent.release();
        }
    }

    @Test
    void givenTurnAdmittedElsewhere_whenRecoverySweeps_thenItIsStartedOnlyOnceSeenStalledTwice()
            throws InterruptedException {
        var agent = ScriptedAgentRunner.replying("picked ", "up").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Thread.sleep(500); // between two sweeps (one ran at start), so that an eager one would come soon
            // Admitted as another node would (it is about to start the turn itself): no dispatch here.
            Admission admission = harness.storage.turns().admit(new Admission.Request(harness.caller.tenant(),
                    conversation, TurnId.random(), UserMessage.text("hi"), "web", Optional.empty(), false,
                    harness.clock.instant()));
            Turn turn = ((Admission.Admitted) admission).turn();

            long admitted = System.nanoTime();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> harness.storage.turns()
                    .find(conversation, turn.id()).orElseThrow().status() != TurnStatus.QUEUED);
            long startedAfterMillis = Duration.ofNanos(System.nanoTime() - admitted).toMillis();

            // Sweeps come a second apart: a first sighting never starts it, the next one does.
            assertThat(startedAfterMillis).as("not taken at once from the node that admitted it")
                    .isGreaterThanOrEqualTo(950);
            TurnFinal ending = harness.follow(conversation, turn.id()).awaitFinal();
            assertThat(ending.status()).as("a conversation still stalled at the next sweep is restarted")
                    .isEqualTo(FinalStatus.COMPLETED);
        }
    }

    @Test
    void givenStreamClosedByClient_whenTurnRuns_thenTurnStillCompletes() {
        var agent = ScriptedAgentRunner.replying("a", "b", "c").gated().thenComplete();
        try (var harness = new EngineHarness(agent)) {
            ConversationId conversation = harness.conversation();
            Turn turn = harness.accept(conversation, "hi");
            var collector = new dev.turnengine.application.support.EventCollector();
            var opened = (dev.turnengine.application.port.in.StreamEventsUseCase.Result.Opened)
                    harness.engine.streamEvents().open(new dev.turnengine.application.port.in.StreamEventsUseCase
                            .Command(harness.caller, conversation, OptionalLong.empty(), Optional.of(turn.id())),
                            collector);
            agent.allow(1);
            collector.awaitEvents(3);

            opened.subscription().close();
            agent.allowAll();

            await().atMost(WAIT).until(() -> harness.storage.turns().find(conversation, turn.id()).orElseThrow()
                    .status() == TurnStatus.COMPLETED);
            assertThat(harness.storage.turns().find(conversation, turn.id()).orElseThrow().replyText())
                    .isEqualTo("abc");
        }
    }

    @Test
    void givenEarlierCompletedTurns_whenNextTurnRuns_thenAgentGetsBoundedHistoryOldestFirst() {
        var agent = ScriptedAgentRunner.replying("ok").thenComplete();
        try (var harness = new EngineHarness(agent, EngineSettings.defaults().withHistoryWindow(2))) {
            ConversationId conversation = harness.conversation();
            Turn last = null;
            for (int i = 1; i <= 4; i++) {
                last = harness.accept(conversation, "q" + i);
            }
            harness.follow(conversation, last.id()).awaitFinal();

            var history = agent.lastRequest().orElseThrow().history();

            assertThat(history).extracting(dev.turnengine.domain.agent.Exchange::userText).containsExactly("q2", "q3");
            assertThat(history).extracting(dev.turnengine.domain.agent.Exchange::replyText).containsOnly("ok");
            assertThat(agent.requests().getFirst().history()).isEmpty();
        }
    }

    @Test
    void givenManyConversations_whenTurnsRunConcurrently_thenEachGetsExactlyOneFinal() {
        var agent = ScriptedAgentRunner.replying("x", "y").thenComplete();
        try (var harness = new EngineHarness(agent)) {
            List<ConversationId> conversations = new java.util.ArrayList<>();
            List<Turn> turns = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ConversationId conversation = harness.conversation();
                conversations.add(conversation);
                turns.add(harness.accept(conversation, "m"));
                turns.add(harness.accept(conversation, "n"));
            }
            for (int i = 0; i < conversations.size(); i++) {
                EventCollector all = harness.stream(conversations.get(i), OptionalLong.of(0), Optional.empty());
                all.awaitFinals(2);
                assertThat(all.finals()).hasSize(2).allMatch(f -> f.status() == FinalStatus.COMPLETED);
                assertThat(all.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            }
        }
    }
}
