package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link dev.turnengine.domain.port.ConversationStore#page}: keyset pages by most recent activity. */
public abstract class ConversationListingContract extends ContractSupport {

    private Conversation created(TenantId tenant, Instant at) {
        Conversation conversation = Conversation.start(tenant, "echo", "web", at);
        storage.conversations().create(conversation);
        return conversation;
    }

    private void message(ConversationId id, Instant at) {
        Admission admission = storage.turns().admit(new Admission.Request(TENANT, id, TurnId.random(),
                UserMessage.text("hi"), "slack", Optional.empty(), false, at));
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
    }

    private List<ConversationId> all(TenantId tenant, int pageSize) {
        List<ConversationId> seen = new ArrayList<>();
        Optional<ActivityCursor> cursor = Optional.empty();
        while (true) {
            List<ConversationSummary> page = storage.conversations().page(tenant, cursor, pageSize);
            page.forEach(line -> seen.add(line.conversation().id()));
            if (page.size() < pageSize) {
                return seen;
            }
            cursor = Optional.of(page.getLast().cursor());
        }
    }

    @Test
    void givenConversations_whenPaged_thenNewestActivityFirstAndMessagesCountAsActivity() {
        Conversation oldest = created(TENANT, at(1));
        Conversation middle = created(TENANT, at(2));
        Conversation newest = created(TENANT, at(3));
        message(oldest.id(), at(10));

        List<ConversationSummary> page = storage.conversations().page(TENANT, Optional.empty(), 10);

        assertThat(page).extracting(line -> line.conversation().id())
                .containsExactly(oldest.id(), newest.id(), middle.id());
        assertThat(page.getFirst().lastActivityAt()).isEqualTo(at(10));
        assertThat(page.getFirst().conversation().lastTurnChannel()).isEqualTo("slack");
        assertThat(page.getFirst().activity().queuedTurns()).isEqualTo(1);
        assertThat(page.get(1).lastActivityAt()).isEqualTo(at(3));
        assertThat(page.get(1).activity().isBusy()).isFalse();
    }

    @Test
    void givenEqualActivityTimes_whenPagedOneByOne_thenEachShownOnceOrderedById() {
        List<ConversationId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(created(TENANT, at(5)).id());
        }
        // Ids at both ends of the unsigned order, where signed and unsigned comparisons disagree.
        for (UUID extreme : List.of(UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"),
                UUID.fromString("00000000-0000-4000-8000-000000000000"))) {
            Conversation conversation = new Conversation(new ConversationId(extreme), TENANT, "echo", "web", "web", at(5));
            storage.conversations().create(conversation);
            ids.add(conversation.id());
        }

        List<ConversationId> listed = all(TENANT, 1);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(listed.getFirst().value()).isEqualTo(UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"));
        assertThat(listed.getLast().value()).isEqualTo(UUID.fromString("00000000-0000-4000-8000-000000000000"));
    }

    @Test
    void givenPagingUnderWay_whenConversationsCreatedAndOneBecomesActive_thenNoUnchangedOneSkippedOrRepeated() {
        List<ConversationId> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(created(TENANT, at(i)).id());
        }
        List<ConversationId> seen = new ArrayList<>();
        List<ConversationSummary> first = storage.conversations().page(TENANT, Optional.empty(), 4);
        first.forEach(line -> seen.add(line.conversation().id()));
        // Meanwhile: new conversations, one already listed becomes active, one not yet listed becomes active.
        ConversationId fresh = created(TENANT, at(100)).id();
        message(first.get(1).conversation().id(), at(101));
        ConversationId jumped = before.get(2);
        message(jumped, at(102));

        Optional<ActivityCursor> cursor = Optional.of(first.getLast().cursor());
        while (true) {
            List<ConversationSummary> page = storage.conversations().page(TENANT, cursor, 4);
            page.forEach(line -> seen.add(line.conversation().id()));
            if (page.size() < 4) {
                break;
            }
            cursor = Optional.of(page.getLast().cursor());
        }

        List<ConversationId> unchanged = new ArrayList<>(before);
        unchanged.remove(jumped);
        assertThat(seen).doesNotHaveDuplicates().containsAll(unchanged).doesNotContain(fresh, jumped);
        assertThat(all(TENANT, 3).subList(0, 3)).containsExactly(jumped, first.get(1).conversation().id(), fresh);
    }

    @Test
    void givenTwoTenants_whenPaged_thenEachSeesOnlyItsOwn() {
        ConversationId mine = created(TENANT, at(1)).id();
        ConversationId theirs = created(OTHER_TENANT, at(2)).id();

        assertThat(all(TENANT, 10)).containsExactly(mine);
        assertThat(all(OTHER_TENANT, 10)).containsExactly(theirs);
    }

    @Test
    void givenClosedConversation_whenPaged_thenAbsent() {
        ConversationId kept = created(TENANT, at(1)).id();
        ConversationId deleted = created(TENANT, at(2)).id();

        storage.erasure().close(TENANT, deleted, text -> dev.turnengine.domain.event.TurnFinal.interrupted(
                text, Optional.empty(), Optional.empty()), at(3));

        assertThat(all(TENANT, 10)).containsExactly(kept);
    }
}
