package dev.turnengine.adapter.persistence.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.contract.ContractSupport;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.AttachmentBudget;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** In-memory storage holds attachment bytes within its budget and lets go of them when their turn ends. */
class InMemoryAttachmentBudgetTest extends ContractSupport {

    private static final int KIB = 1024;

    @Override
    public Storage freshStorage() {
        return new InMemoryStorage(Clock.systemUTC(), 3 * KIB);
    }

    @Test
    void givenBudget_whenMessagesWouldExceedIt_thenRefusedAndEndedTurnsReleaseTheirBytes() {
        ConversationId id = newConversation().id();
        Turn first = admitted(id, 2 * KIB);

        Admission refused = storage.turns().admit(request(id, 2 * KIB));

        assertThat(refused).isEqualTo(new Admission.InsufficientStorage(2 * KIB, 3 * KIB));
        assertThat(storage.turns().list(id, 0, 10)).as("nothing written").hasSize(1);
        assertThat(admitted(id, KIB)).as("what fits is admitted").isNotNull();
        assertThat(storage.health().attachments()).contains(new AttachmentBudget(3 * KIB, 3 * KIB));

        Turn started = startNext(id);
        assertThat(storage.turns().loadAttachments(started).message().attachments().getFirst().dataBase64()).isPresent();
        storage.turns().finish(id, first.id(), TurnFinal.completed("ok", Optional.empty()), at(3));

        assertThat(storage.health().attachments()).contains(new AttachmentBudget(KIB, 3 * KIB));
        Turn ended = storage.turns().find(id, first.id()).orElseThrow();
        assertThat(storage.turns().loadAttachments(ended).message().attachments().getFirst().decodedSize())
                .as("the ended turn keeps the size, not the bytes").isEqualTo(2 * KIB);
        assertThat(storage.turns().loadAttachments(ended).message().attachments().getFirst().dataBase64()).isEmpty();
        assertThat(admitted(id, 2 * KIB)).isNotNull();
    }

    private Turn admitted(ConversationId id, int bytes) {
        return ((Admission.Admitted) storage.turns().admit(request(id, bytes))).turn();
    }

    private static Admission.Request request(ConversationId id, int bytes) {
        UserMessage message = new UserMessage("file", List.of(new Attachment("application/octet-stream",
                Optional.of(Base64.getEncoder().encodeToString(new byte[bytes])), Optional.empty(), Optional.empty())),
                false, Optional.empty());
        return new Admission.Request(TENANT, id, TurnId.random(), message, "web", Optional.empty(), false, T0);
    }
}
