package dev.turnengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.port.in.SubmitMessageUseCase.AttachmentInput;
import dev.turnengine.application.port.in.SubmitMessageUseCase.Command;
import dev.turnengine.application.port.in.SubmitMessageUseCase.Result;
import dev.turnengine.application.support.EngineHarness;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.TurnStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmitMessageServiceTest {

    private final ScriptedAgentRunner agent = ScriptedAgentRunner.replying("Hi ", "there").thenComplete();
    private final EngineHarness harness = new EngineHarness(agent,
            EngineSettings.defaults().withIdempotencyRetention(Duration.ofHours(1)));
    private final ConversationId conversation = harness.conversation();

    @AfterEach
    void close() {
        agent.release();
        harness.close();
    }

    private Command text(String text) {
        return Command.text(harness.caller, conversation, text);
    }

    private Refusal refusal(Result result) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        return ((Result.Refused) result).refusal();
    }

    private void assertNothingStored() {
        assertThat(harness.storage.turns().list(conversation, 0, 100)).isEmpty();
        assertThat(harness.storage.journal().lastSeq(conversation)).isZero();
    }

    @Test
    void givenRepeatedKeyAndSamePayload_whenSubmitted_thenOriginalTurnReturned() {
        Result first = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));
        Result second = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        assertThat(first).isInstanceOf(Result.Accepted.class);
        assertThat(second).isInstanceOf(Result.Replayed.class);
        assertThat(((Result.Replayed) second).turn().id()).isEqualTo(((Result.Accepted) first).turn().id());
        assertThat(harness.storage.turns().list(conversation, 0, 10)).hasSize(1);
    }

    @Test
    void givenRepeatedKey_whenPayloadDiffers_thenKeyReusedAndNoNewTurn() {
        harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        Refusal refusal = refusal(harness.submit(text("something else").withKey(new IdempotencyKey("k-1"))));

        assertThat(refusal.reason()).isEqualTo(Refusal.Reason.IDEMPOTENCY_KEY_REUSED);
        assertThat(refusal.reason().code()).isEqualTo("idempotency_key_reused");
        assertThat(harness.storage.turns().list(conversation, 0, 10)).hasSize(1);
    }

    @Test
    void givenRepeatedKey_whenOnlyBusyPolicyDiffers_thenKeyReused() {
        harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        assertThat(refusal(harness.submit(text("hello").withKey(new IdempotencyKey("k-1")).withOnBusy(BusyPolicy.REJECT))).reason())
                .isEqualTo(Refusal.Reason.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void givenSameKeyOnAnotherConversation_whenSubmitted_thenNewTurn() {
        ConversationId other = harness.conversation();
        harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        Result result = harness.submit(Command.text(harness.caller, other, "hello").withKey(new IdempotencyKey("k-1")));

        assertThat(result).isInstanceOf(Result.Accepted.class);
    }

    @Test
    void givenFiftyConcurrentSubmitsOfOneKey_whenAllDone_thenExactlyOneTurn() throws Exception {
        int submitters = 50;
        CountDownLatch start = new CountDownLatch(1);
        Set<Object> turnIds = ConcurrentHashMap.newKeySet();
        List<Future<Result>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < submitters; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return harness.submit(text("once").withKey(new IdempotencyKey("race")));
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Result> future : results) {
                Result result = future.get();
                switch (result) {
                    case Result.Accepted a -> {
                        accepted++;
                        turnIds.add(a.turn().id());
                    }
                    case Result.Replayed r -> turnIds.add(r.turn().id());
                    case Result.Refused r -> throw new AssertionError("refused: " + r);
                }
            }
            assertThat(accepted).isEqualTo(1);
        }
        assertThat(turnIds).hasSize(1);
        assertThat(harness.storage.turns().list(conversation, 0, 100)).hasSize(1);
    }

    @Test
    void givenExpiredKey_whenSubmittedAgain_thenNewTurnStarts() {
        Result first = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));
        harness.clock.advance(Duration.ofHours(1).plusSeconds(1));

        Result again = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        assertThat(again).isInstanceOf(Result.Accepted.class);
        assertThat(((Result.Accepted) again).turn().id()).isNotEqualTo(((Result.Accepted) first).turn().id());
    }

    @Test
    void givenKeyJustInsideRetention_whenSubmittedAgain_thenReplayed() {
        harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));
        harness.clock.advance(Duration.ofMinutes(59));

        assertThat(harness.submit(text("hello").withKey(new IdempotencyKey("k-1")))).isInstanceOf(Result.Replayed.class);
    }

    @Test
    void givenExpiredKey_whenPurged_thenRecordGone() {
        harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));
        harness.clock.advance(Duration.ofHours(2));

        harness.storage.idempotency().purgeExpired(harness.clock.instant());

        // Asked as of the key's creation time, a record still stored would be live: it must be gone.
        assertThat(harness.storage.idempotency().find(harness.caller.tenant(), conversation,
                new IdempotencyKey("k-1"), harness.clock.instant().minusSeconds(7200)))
                .isEmpty();
    }

    @Test
    void givenBlankText_whenSubmitted_thenInvalidRequestAndNoTrace() {
        assertThat(refusal(harness.submit(text("  \n"))).reason()).isEqualTo(Refusal.Reason.INVALID_REQUEST);
        assertThat(refusal(harness.submit(text(""))).reason()).isEqualTo(Refusal.Reason.INVALID_REQUEST);
        assertNothingStored();
    }

    @Test
    void givenTextOverTheLimit_whenSubmitted_thenPayloadTooLarge() {
        Refusal refusal = refusal(harness.submit(text("x".repeat(100_001))));

        assertThat(refusal.reason()).isEqualTo(Refusal.Reason.PAYLOAD_TOO_LARGE);
        assertNothingStored();
    }

    @Test
    void givenTextAtTheLimit_whenSubmitted_thenAccepted() {
        assertThat(harness.submit(text("x".repeat(100_000)))).isInstanceOf(Result.Accepted.class);
    }

    @Test
    void givenBadAttachments_whenSubmitted_thenClearRefusalsAndNoTrace() {
        AttachmentInput badBase64 = new AttachmentInput(Optional.of("text/plain"), Optional.of("not base64!"),
                Optional.empty(), Optional.empty());
        AttachmentInput badUuid = new AttachmentInput(Optional.of("text/plain"), Optional.empty(),
                Optional.of("not-a-uuid"), Optional.empty());
        AttachmentInput empty = new AttachmentInput(Optional.of("text/plain"), Optional.empty(), Optional.empty(),
                Optional.empty());
        AttachmentInput tooBig = new AttachmentInput(Optional.of("application/octet-stream"),
                Optional.of(Base64.getEncoder().encodeToString(new byte[10 * 1024 * 1024 + 1])), Optional.empty(),
                Optional.empty());

        assertThat(refusal(harness.submit(withAttachments(badBase64))).detail()).contains("base64");
        assertThat(refusal(harness.submit(withAttachments(badUuid))).detail()).contains("UUID");
        assertThat(refusal(harness.submit(withAttachments(empty))).reason()).isEqualTo(Refusal.Reason.INVALID_REQUEST);
        assertThat(refusal(harness.submit(withAttachments(tooBig))).reason())
                .isEqualTo(Refusal.Reason.PAYLOAD_TOO_LARGE);
        AttachmentInput small = new AttachmentInput(Optional.empty(), Optional.of("aGk="), Optional.empty(),
                Optional.of("hi.txt"));
        assertThat(refusal(harness.submit(withAttachments(small, small, small, small, small, small, small, small,
                small, small, small, small, small, small, small, small, small))).reason())
                .isEqualTo(Refusal.Reason.PAYLOAD_TOO_LARGE);
        assertNothingStored();
    }

    @Test
    void givenValidAttachment_whenSubmitted_thenStoredWithTheTurn() {
        AttachmentInput note = new AttachmentInput(Optional.of("text/plain"), Optional.of("aGVsbG8="),
                Optional.of("3c90c3cc-0d44-4b50-8888-8dd25736052a"), Optional.of("note.txt"));

        Result result = harness.submit(withAttachments(note));

        var stored = ((Result.Accepted) result).turn().message().attachments();
        assertThat(stored).hasSize(1);
        assertThat(new String(stored.getFirst().data().orElseThrow())).isEqualTo("hello");
        assertThat(stored.getFirst().filename()).contains("note.txt");
    }

    @Test
    void givenUnknownConversation_whenSubmitted_thenNotFound() {
        Result result = harness.submit(Command.text(harness.caller, ConversationId.random(), "hello"));

        assertThat(refusal(result).reason()).isEqualTo(Refusal.Reason.NOT_FOUND);
    }

    @Test
    void givenAnotherTenantsConversation_whenSubmitted_thenNotFoundAndNoTrace() {
        var stranger = harness.callerOf(new TenantId("other"));

        Result result = harness.submit(Command.text(stranger, conversation, "hello"));

        assertThat(refusal(result).reason()).isEqualTo(Refusal.Reason.NOT_FOUND);
        assertNothingStored();
    }

    @Test
    void givenBrowserSessionWithoutPresence_whenSubmitted_thenBrowserNotConnected() {
        Command browser = new Command(harness.caller, conversation, "open the page", List.of(), true,
                Optional.empty(), Optional.empty(), BusyPolicy.ENQUEUE, Optional.empty());

        assertThat(refusal(harness.submit(browser)).reason()).isEqualTo(Refusal.Reason.BROWSER_NOT_CONNECTED);
        assertNothingStored();

        harness.engine.browserPresence().heartbeat(harness.caller);
        assertThat(harness.submit(browser)).isInstanceOf(Result.Accepted.class);

        harness.clock.advance(Duration.ofSeconds(31));
        assertThat(refusal(harness.submit(browser)).reason()).isEqualTo(Refusal.Reason.BROWSER_NOT_CONNECTED);
    }

    @Test
    void givenBrowserTurnWithKey_whenRetriedAfterBrowserLeft_thenOriginalTurnReplayed() {
        Command browser = new Command(harness.caller, conversation, "open the page", List.of(), true,
                Optional.empty(), Optional.empty(), BusyPolicy.ENQUEUE, Optional.of(new IdempotencyKey("b-1")));
        harness.engine.browserPresence().heartbeat(harness.caller);
        Result first = harness.submit(browser);
        harness.clock.advance(Duration.ofSeconds(31));

        Result retry = harness.submit(browser);

        assertThat(((Result.Replayed) retry).turn().id()).isEqualTo(((Result.Accepted) first).turn().id());
    }

    @Test
    void givenTurnSource_whenAccepted_thenConversationRemembersIt() {
        Command fromExtension = new Command(harness.caller, conversation, "hello", List.of(), false,
                Optional.of("{\"user\":\"ann\"}"), Optional.of("extension"), BusyPolicy.ENQUEUE, Optional.empty());

        Result result = harness.submit(fromExtension);

        assertThat(((Result.Accepted) result).turn().source()).isEqualTo("extension");
        assertThat(harness.engine.getConversation().get(harness.caller, conversation).orElseThrow()
                .conversation().lastTurnChannel()).isEqualTo("extension");
        assertThat(((Result.Accepted) result).turn().message().identityJson()).contains("{\"user\":\"ann\"}");
    }

    @Test
    void givenAcceptedTurn_whenReplayedAfterItEnded_thenReplayShowsItsCurrentState() {
        Result first = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));
        var turnId = ((Result.Accepted) first).turn().id();
        harness.follow(conversation, turnId).awaitFinal();

        Result again = harness.submit(text("hello").withKey(new IdempotencyKey("k-1")));

        assertThat(((Result.Replayed) again).turn().status()).isEqualTo(TurnStatus.COMPLETED);
        assertThat(((Result.Replayed) again).turn().replyText()).isEqualTo("Hi there");
        assertThat(harness.storage.turns().list(conversation, 0, 10)).hasSize(1);
    }

    private Command withAttachments(AttachmentInput... attachments) {
        return new Command(harness.caller, conversation, "see attached", List.of(attachments), false,
                Optional.empty(), Optional.empty(), BusyPolicy.ENQUEUE, Optional.empty());
    }
}
