package dev.turnengine.adapter.persistence.contract;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every port contract shares: fresh, empty storage before each test from the adapter's {@link StorageFixture},
 * and small helpers to make conversations and move turns along. Times are whole seconds so that every
 * storage keeps them exactly.
 */
public abstract class ContractSupport implements StorageFixture {

    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    protected static final TenantId TENANT = new TenantId("acme");
    protected static final TenantId OTHER_TENANT = new TenantId("globex");
    protected static final NodeId NODE = new NodeId("node-a");
    protected static final NodeId OTHER_NODE = new NodeId("node-b");

    protected Storage storage;

    @BeforeEach
    void provideFreshStorage() {
        storage = freshStorage();
    }

    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    protected Conversation newConversation() {
        return newConversation(TENANT);
    }

    protected Conversation newConversation(TenantId tenant) {
        Conversation conversation = Conversation.start(tenant, "echo", "web", T0);
        storage.conversations().create(conversation);
        return conversation;
    }

    protected static Admission.Request request(ConversationId conversationId, String text) {
        return new Admission.Request(TENANT, conversationId, TurnId.random(), UserMessage.text(text), "web",
                Optional.empty(), false, T0);
    }

    protected static Admission.Request keyed(ConversationId conversationId, String text, String key, Instant now) {
        UserMessage message = UserMessage.text(text);
        KeyClaim claim = new KeyClaim(new IdempotencyKey(key), Fingerprint.of(message, "web", BusyPolicy.ENQUEUE),
                now.plus(Duration.ofHours(24)));
        return new Admission.Request(TENANT, conversationId, TurnId.random(), message, "web", Optional.of(claim),
                false, now);
    }

    /** A request as {@link #request} makes, continuing {@code trace}. */
    protected static Admission.Request traced(ConversationId conversationId, String text, TraceContext trace) {
        return new Admission.Request(TENANT, conversationId, TurnId.random(), UserMessage.text(text), "web",
                Optional.empty(), false, T0, trace);
    }

    protected Turn admit(ConversationId conversationId, String text) {
        return admit(request(conversationId, text));
    }

    /** Admits {@code request}, which must be admitted. */
    protected Turn admit(Admission.Request request) {
        Admission admission = storage.turns().admit(request);
        if (!(admission instanceof Admission.Admitted admitted)) {
            throw new AssertionError("expected the turn to be admitted, got " + admission);
        }
        return admitted.turn();
    }

    protected Turn startNext(ConversationId conversationId) {
        return storage.turns().startNext(conversationId, NODE, at(60), at(1))
                .orElseThrow(() -> new AssertionError("expected a turn to start"));
    }

    /** Admits a turn and starts it (the conversation must be idle). */
    protected Turn running(ConversationId conversationId, String text) {
        Turn turn = admit(conversationId, text);
        Turn started = startNext(conversationId);
        if (!started.id().equals(turn.id())) {
            throw new AssertionError("another turn started first");
        }
        return started;
    }

    /** Admits, starts, streams {@code reply} as one delta and completes a turn. */
    protected Turn completed(ConversationId conversationId, String text, String reply) {
        Turn turn = running(conversationId, text);
        storage.journal().appendDelta(conversationId, turn.id(), new TextDelta(reply));
        storage.turns().finish(conversationId, turn.id(), TurnFinal.completed(reply, Optional.empty()), at(2));
        return turn;
    }
}
