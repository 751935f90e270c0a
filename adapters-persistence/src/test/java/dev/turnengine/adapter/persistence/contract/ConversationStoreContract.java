package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.ConversationStore} contract, tenant isolation above all. */
public abstract class ConversationStoreContract extends ContractSupport {

    @Test
    void givenCreatedConversation_whenFoundByItsTenant_thenReturnedUnchanged() {
        Conversation conversation = newConversation();

        assertThat(storage.conversations().find(TENANT, conversation.id())).contains(conversation);
    }

    @Test
    void givenAnotherTenantsConversation_whenFound_thenAbsent() {
        Conversation conversation = newConversation(OTHER_TENANT);

        assertThat(storage.conversations().find(TENANT, conversation.id())).isEmpty();
        assertThat(storage.conversations().find(OTHER_TENANT, conversation.id())).contains(conversation);
    }

    @Test
    void givenCreatedConversation_whenGotWithoutTenant_thenReturned() {
        Conversation conversation = newConversation(OTHER_TENANT);

        assertThat(storage.conversations().get(conversation.id())).contains(conversation);
    }

    @Test
    void givenUnknownId_whenFoundOrGot_thenAbsent() {
        ConversationId unknown = ConversationId.random();

        assertThat(storage.conversations().find(TENANT, unknown)).isEmpty();
        assertThat(storage.conversations().get(unknown)).isEmpty();
    }

    @Test
    void givenExistingId_whenCreatedAgain_thenRefusedAndOriginalKept() {
        Conversation conversation = newConversation();
        Conversation impostor = new Conversation(conversation.id(), OTHER_TENANT, "other", "api", "api", T0);

        assertThatThrownBy(() -> storage.conversations().create(impostor)).isInstanceOf(IllegalStateException.class);
        assertThat(storage.conversations().get(conversation.id())).contains(conversation);
    }
}
