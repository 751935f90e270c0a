package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.UserMessage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the {@link dev.turnengine.domain.port.TurnStore} must read back and what it must leave out:
 * whatever the engine accepts reads back whole, lists and lookups carry attachment sizes but not their
 * bytes, and the queries behind interrupts (queued turns, cancellation, the last interrupt).
 */
public abstract class TurnStoreLimitsContract extends ContractSupport {

    /** The default submit limits (application's {@code SubmitLimits.defaults()}), which this module cannot see. */
    private static final int MAX_TEXT_CODE_POINTS = 100_000;
    private static final int MAX_ATTACHMENTS = 16;
    private static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    private static final int MAX_IDENTITY_BYTES = 64 * 1024;
    /** Jackson's default longest string, which stored bodies once had to stay under. */
    private static final int JACKSON_DEFAULT_MAX_STRING = 20_000_000;

    @Test
    void givenLargestAcceptedMessage_whenStoredStartedAndLoaded_thenItReadsBackWhole() {
        Conversation conversation = newConversation();
        String text = "\uD83D\uDE00".repeat(MAX_TEXT_CODE_POINTS); // 200,000 UTF-16 units, 400,000 UTF-8 bytes
        String identity = "{\"k\":\"" + "\\u0000".repeat((MAX_IDENTITY_BYTES - 10) / 6) + "\"}";
        byte[] bytes = new byte[MAX_ATTACHMENT_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        String data = Base64.getEncoder().encodeToString(bytes);
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < MAX_ATTACHMENTS; i++) {
            attachments.add(new Attachment("application/octet-stream", Optional.of(data), Optional.empty(),
                    Optional.of("part-" + i + ".bin")));
        }
        UserMessage largest = new UserMessage(text, attachments, false, Optional.of(identity));
        TurnId turnId = TurnId.random();
        storage.turns().admit(new Admission.Request(TENANT, conversation.id(), turnId, largest, "web",
                Optional.empty(), false, T0));

        Turn started = startNext(conversation.id());
        Turn loaded = storage.turns().loadAttachments(started);

        assertThat(started.message().text()).isEqualTo(text);
        assertThat(started.message().identityJson()).contains(identity);
        assertThat(started.message().attachments()).allSatisfy(a -> assertThat(a.decodedSize()).isEqualTo(bytes.length));
        assertThat(loaded.message().attachments()).hasSize(MAX_ATTACHMENTS)
                .allSatisfy(a -> assertThat(a.dataBase64()).contains(data));
        assertThat(storage.turns().list(conversation.id(), 0, 10)).singleElement()
                .satisfies(turn -> assertThat(turn.message().text()).isEqualTo(text));
    }

    @Test
    void givenReplyLongerThanJacksonsDefaultStringLimit_whenEnded_thenFoundListedAndInHistory() {
        Conversation conversation = newConversation();
        Turn turn = running(conversation.id(), "write a lot");
        String reply = "x".repeat(JACKSON_DEFAULT_MAX_STRING + 1);
        storage.turns().finish(conversation.id(), turn.id(), TurnFinal.completed(reply, Optional.empty()), at(2));
        Turn next = admit(conversation.id(), "and then?");

        assertThat(storage.turns().find(conversation.id(), turn.id()).orElseThrow().replyText()).hasSize(reply.length());
        assertThat(storage.turns().list(conversation.id(), 0, 10)).hasSize(2);
        assertThat(storage.turns().history(conversation.id(), next.id(), 5)).singleElement()
                .satisfies(exchange -> assertThat(exchange.replyText()).hasSize(reply.length()));
    }

    @Test
    void givenEndedTurnWithAttachment_whenListed_thenItKeepsMetadataAndSizeButNoBytes() {
        Conversation conversation = newConversation();
        UserMessage message = new UserMessage("see attached", List.of(new Attachment("image/png",
                Optional.of(Base64.getEncoder().encodeToString(new byte[1000])), Optional.empty(), Optional.of("a.png"))),
                false, Optional.empty());
        storage.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(), message, "web",
                Optional.empty(), false, T0));
        Turn turn = startNext(conversation.id());
        storage.turns().finish(conversation.id(), turn.id(), TurnFinal.completed("seen", Optional.empty()), at(2));

        Attachment listed = storage.turns().list(conversation.id(), 0, 10).getFirst().message().attachments().getFirst();

        assertThat(listed.dataBase64()).isEmpty();
        assertThat(listed.isUnloaded()).isTrue();
        assertThat(listed.decodedSize()).isEqualTo(1000);
        assertThat(listed.filename()).contains("a.png");
        assertThat(listed.contentType()).isEqualTo("image/png");
    }

    @Test
    void givenQueuedTurns_whenCancelledWhileQueued_thenEachEndsOnceAndNeverStarts() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "running");
        Turn first = admit(id, "first");
        Turn second = admit(id, "second");
        TurnFinal cancelled = TurnFinal.interrupted("", Optional.empty(), Optional.empty());

        assertThat(storage.turns().queued(id)).containsExactly(first.id(), second.id());
        assertThat(storage.turns().cancelQueued(id, first.id(), cancelled, at(3))).isPresent();
        assertThat(storage.turns().cancelQueued(id, first.id(), cancelled, at(4))).as("already ended").isEmpty();
        assertThat(storage.turns().cancelQueued(id, running.id(), cancelled, at(4))).as("running").isEmpty();
        assertThat(storage.turns().queued(id)).containsExactly(second.id());
        assertThat(storage.turns().find(id, first.id()).orElseThrow().status()).isEqualTo(TurnStatus.INTERRUPTED);
        assertThat(storage.turns().find(id, first.id()).orElseThrow().startedAt()).isEmpty();
        assertThat(storage.journal().read(id, 0, 100).stream().filter(e -> e.turnId().equals(first.id()))
                .map(e -> e.event().getClass().getSimpleName())).containsExactly("TurnAccepted", "TurnFinal");
    }

    @Test
    void givenEndedTurns_whenLastInterruptedAsked_thenOnlyClientInterruptsCount() {
        ConversationId id = newConversation().id();
        assertThat(storage.turns().lastInterruptedAt(id)).isEmpty();
        Turn interrupted = running(id, "stopped by a client");
        storage.turns().finish(id, interrupted.id(), TurnFinal.interrupted("", Optional.empty(), Optional.empty()), at(5));
        Turn shutDown = running(id, "stopped by a shutdown");
        storage.turns().finish(id, shutDown.id(), TurnFinal.interrupted("", Optional.of(new TurnError(
                TurnError.SHUTDOWN, "the server shut down")), Optional.empty()), at(9));
        Turn completed = running(id, "answered");
        storage.turns().finish(id, completed.id(), new TurnFinal(FinalStatus.COMPLETED, "ok", Optional.empty(),
                Optional.empty()), at(12));

        assertThat(storage.turns().lastInterruptedAt(id)).contains(at(5));
    }
}
