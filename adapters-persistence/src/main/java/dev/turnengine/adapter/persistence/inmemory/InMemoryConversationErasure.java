package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Deletes conversations kept in memory, each step under the conversation's lock. */
public final class InMemoryConversationErasure implements ConversationErasure {

    private final InMemoryState state;
    private final InMemoryAttachmentBudget budget;

    InMemoryConversationErasure(InMemoryState state, InMemoryAttachmentBudget budget) {
        this.state = state;
        this.budget = budget;
    }

    @Override
    public Optional<Closed> close(TenantId tenant, ConversationId id, Function<String, TurnFinal> ending, Instant now) {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(now, "now");
        Optional<Closed> closed = state.lookup(id).flatMap(conversation -> conversation.locked(c -> {
            if (c.isDeleted() || !c.conversation.tenant().equals(tenant)) {
                return Optional.<Closed>empty();
            }
            List<TurnId> active = new ArrayList<>();
            c.running.ifPresent(active::add);
            active.addAll(c.queue);
            active.sort(Comparator.comparingLong(turnId -> c.turns.get(turnId).acceptedSeq()));
            Optional<TurnId> running = c.running;
            List<TurnSummary> endings = new ArrayList<>();
            for (TurnId turnId : active) {
                Turn turn = c.turns.get(turnId);
                TurnFinal last = ending.apply(running.equals(Optional.of(turnId)) ? c.streamedText(turnId) : "");
                endings.add(TurnSummary.of(turn, last, Optional.empty(), now));
                c.append(turnId, last, now);
                c.replace(last.endTurn(turn, now));
                budget.release(turn.message().loadedAttachmentBytes());
                state.outbox().enqueue(tenant, id, turnId, last, now);
            }
            c.queue.clear();
            c.leases.clear();
            c.running = Optional.empty();
            c.deletedAt = Optional.of(now);
            return Optional.of(new Closed(endings, running));
        }));
        closed.ifPresent(done -> state.feed().end(id));
        return closed;
    }

    @Override
    public boolean erase(ConversationId id) {
        boolean erased = state.lookup(id).map(conversation -> conversation.locked(c -> state.remove(id))).orElse(false);
        if (erased) {
            state.feed().end(id);
        }
        return erased;
    }

    @Override
    public List<ConversationId> closedBefore(Instant before, int limit) {
        return state.collectAll(c -> c.deletedAt.filter(at -> at.isBefore(before)).map(at -> List.of(c.id()))
                        .orElse(List.of()))
                .stream()
                .limit(Math.max(limit, 0))
                .toList();
    }

    @Override
    public List<ConversationId> eraseIdle(Instant idleBefore, int limit) {
        record Idle(ConversationId id, Instant lastActivityAt) {
        }
        List<Idle> idle = state.collectAll(c -> !c.isDeleted() && !c.isBusy() && c.lastActivityAt.isBefore(idleBefore)
                ? List.of(new Idle(c.id(), c.lastActivityAt)) : List.<Idle>of());
        List<ConversationId> erased = new ArrayList<>();
        for (Idle candidate : idle.stream().sorted(Comparator.comparing(Idle::lastActivityAt)).toList()) {
            if (erased.size() >= limit) {
                break;
            }
            boolean removed = state.lookup(candidate.id()).map(conversation -> conversation.locked(c ->
                    !c.isDeleted() && !c.isBusy() && c.lastActivityAt.isBefore(idleBefore) && state.remove(c.id())))
                    .orElse(false);
            if (removed) {
                erased.add(candidate.id());
                state.feed().end(candidate.id());
            }
        }
        return erased;
    }
}
