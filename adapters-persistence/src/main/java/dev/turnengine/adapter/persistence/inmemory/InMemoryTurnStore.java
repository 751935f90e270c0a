package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.inmemory.ConversationState.KeyScope;
import dev.turnengine.adapter.persistence.inmemory.ConversationState.Lease;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.TurnStore.Finished;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns kept in memory, moved through their lifecycle under their conversation's lock. Attachment bytes are
 * held only until their turn ends, within a byte budget; reads hand out turns without them (as a database
 * would), and {@link #loadAttachments} gives them to the turn about to run.
 */
public final class InMemoryTurnStore implements TurnStore {

    private final InMemoryState state;
    private final InMemoryAttachmentBudget budget;

    InMemoryTurnStore(InMemoryState state, InMemoryAttachmentBudget budget) {
        this.state = state;
        this.budget = budget;
    }

    @Override
    public Admission admit(Admission.Request request) {
        Objects.requireNonNull(request, "request");
        return state.lookup(request.conversationId())
                .orElseThrow(() -> new UnknownConversationException(request.conversationId()))
                .locked(c -> admit(c, request));
    }

    private Admission admit(ConversationState c, Admission.Request request) {
        if (c.isDeleted()) {
            throw new UnknownConversationException(c.id());
        }
        if (!c.conversation.tenant().equals(request.tenant())) {
            throw new UnknownConversationException(c.id()); // another tenant's conversation is not there for this one
        }
        Optional<KeyScope> scope = request.claim().map(claim -> new KeyScope(request.tenant(), claim.key()));
        if (scope.isPresent()) {
            IdempotencyRecord existing = c.keys.get(scope.get());
            if (existing != null && existing.isLiveAt(request.now())) {
                return new Admission.Duplicate(existing);
            }
        }
        if (request.requireIdle() && c.isBusy()) {
            return new Admission.Busy();
        }
        if (c.turns.containsKey(request.turnId())) {
            throw new IllegalArgumentException("turn " + request.turnId() + " already exists");
        }
        if (!budget.reserve(request.message().loadedAttachmentBytes())) {
            return new Admission.InsufficientStorage(budget.usage().storedBytes(), budget.usage().budgetBytes());
        }
        JournalEvent accepted = c.append(
                request.turnId(), new TurnAccepted(request.message().text(), request.source()), request.now());
        Turn turn = Turn.accepted(request.turnId(), c.id(), request.message(), request.source(), accepted.seq(),
                request.now(), request.trace());
        boolean idle = !c.isBusy();
        c.turns.put(turn.id(), turn);
        c.queue.addLast(turn.id());
        if (request.start().isPresent() && idle) {
            Admission.Start start = request.start().get();
            c.queue.removeLast();
            turn = turn.start(request.now());
            c.replace(turn);
            c.running = Optional.of(turn.id());
            c.leases.put(turn.id(), new Lease(start.owner(), start.leaseUntil()));
            c.append(turn.id(), new TurnStarted(), request.now());
        }
        List<Exchange> history = turn.status() == TurnStatus.RUNNING
                ? history(c, turn.id(), request.start().orElseThrow().historyWindow()) : List.of();
        if (scope.isPresent()) {
            KeyClaim claim = request.claim().get();
            c.keys.put(scope.get(), new IdempotencyRecord(request.tenant(), c.id(), claim.key(), claim.fingerprint(),
                    turn.id(), claim.expiresAt()));
        }
        c.conversation = c.conversation.withLastTurnChannel(request.source());
        c.lastActivityAt = request.now();
        return new Admission.Admitted(turn, c.conversation, history);
    }

    @Override
    public Optional<Turn> startNext(ConversationId conversationId, NodeId owner, Instant leaseUntil, Instant now) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(now, "now");
        return state.lookup(conversationId).flatMap(conversation -> conversation.locked(c -> {
            if (c.running.isPresent() || c.queue.isEmpty()) {
                return Optional.<Turn>empty();
            }
            Turn started = c.turns.get(c.queue.removeFirst()).start(now);
            c.replace(started);
            c.running = Optional.of(started.id());
            c.leases.put(started.id(), new Lease(owner, leaseUntil));
            c.append(started.id(), new TurnStarted(), now);
            return Optional.of(withoutData(started));
        }));
    }

    @Override
    public Optional<Finished> finish(
            ConversationId conversationId, TurnId turnId, Optional<TextDelta> lastText, TurnFinal ending, Instant now) {
        Objects.requireNonNull(lastText, "lastText");
        return end(conversationId, turnId, lastText, ending, now, false);
    }

    @Override
    public Optional<JournalEvent> cancelQueued(
            ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant now) {
        return end(conversationId, turnId, Optional.empty(), ending, now, true).map(Finished::event);
    }

    /** Ends the turn (only if queued, when asked) and lets go of its attachment bytes. */
    private Optional<Finished> end(ConversationId conversationId, TurnId turnId, Optional<TextDelta> lastText,
            TurnFinal ending, Instant now, boolean onlyQueued) {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(now, "now");
        return state.lookup(conversationId).flatMap(conversation -> conversation.locked(c -> {
            Turn turn = c.turns.get(turnId);
            if (turn == null || turn.isTerminal() || (onlyQueued && turn.status() != TurnStatus.QUEUED)) {
                return Optional.<Finished>empty();
            }
            lastText.ifPresent(text -> c.append(turnId, text, now));
            JournalEvent event = c.append(turnId, ending, now);
            state.outbox().enqueue(c.conversation.tenant(), c.id(), turnId, ending, now);
            c.replace(withoutData(ending.endTurn(turn, now)));
            budget.release(turn.message().loadedAttachmentBytes());
            c.queue.remove(turnId);
            c.leases.remove(turnId);
            if (c.running.equals(Optional.of(turnId))) {
                c.running = Optional.empty();
            }
            return Optional.of(new Finished(event, !c.queue.isEmpty()));
        }));
    }

    @Override
    public Optional<Turn> find(ConversationId conversationId, TurnId turnId) {
        return state.lookup(conversationId)
                .flatMap(c -> c.locked(s -> Optional.ofNullable(s.turns.get(turnId))))
                .map(InMemoryTurnStore::withoutData);
    }

    @Override
    public List<Turn> list(ConversationId conversationId, int offset, int limit) {
        return state.lookup(conversationId)
                .map(c -> c.locked(s -> s.turns.values().stream()
                        .skip(Math.max(offset, 0)).limit(Math.max(limit, 0)).map(InMemoryTurnStore::withoutData)
                        .toList()))
                .orElse(List.of());
    }

    @Override
    public Turn loadAttachments(Turn turn) {
        if (turn.message().attachments().stream().noneMatch(Attachment::isUnloaded)) {
            return turn;
        }
        return state.lookup(turn.conversationId())
                .flatMap(c -> c.locked(s -> Optional.ofNullable(s.turns.get(turn.id()))))
                .map(stored -> turn.withMessage(stored.message()))
                .orElse(turn);
    }

    @Override
    public List<TurnId> queued(ConversationId conversationId) {
        return state.lookup(conversationId).map(c -> c.locked(s -> List.copyOf(s.queue))).orElse(List.of());
    }

    @Override
    public Optional<Instant> lastInterruptedAt(ConversationId conversationId) {
        return state.lookup(conversationId).flatMap(c -> c.locked(s -> s.turns.values().stream()
                .filter(turn -> turn.status() == TurnStatus.INTERRUPTED && turn.error().isEmpty())
                .flatMap(turn -> turn.finishedAt().stream())
                .max(Comparator.naturalOrder())));
    }

    /** What reads hand out: the turn with its attachments' sizes but not their bytes. */
    private static Turn withoutData(Turn turn) {
        return turn.withMessage(turn.message().withoutAttachmentData());
    }

    @Override
    public ConversationActivity activity(ConversationId conversationId) {
        return state.lookup(conversationId)
                .map(c -> c.locked(s -> new ConversationActivity(s.running, s.queue.size())))
                .orElse(new ConversationActivity(Optional.empty(), 0));
    }

    @Override
    public List<Exchange> history(ConversationId conversationId, TurnId turnId, int limit) {
        return state.lookup(conversationId).map(c -> c.locked(s -> history(s, turnId, limit))).orElse(List.of());
    }

    /** The completed exchanges before the turn, oldest first; called with the conversation locked. */
    private static List<Exchange> history(ConversationState s, TurnId turnId, int limit) {
        Turn before = s.turns.get(turnId);
        if (before == null || limit <= 0) {
            return List.of();
        }
        // Newest first, stopping at the window: a long conversation costs no more than a short one.
        List<Exchange> newestFirst = new ArrayList<>(Math.min(limit, 64));
        for (Turn turn : s.turns.sequencedValues().reversed()) {
            if (newestFirst.size() == limit) {
                break;
            }
            if (turn.acceptedSeq() < before.acceptedSeq() && turn.status() == TurnStatus.COMPLETED) {
                newestFirst.add(new Exchange(turn.message().text(), turn.replyText(), s.toolSteps(turn)));
            }
        }
        return List.copyOf(newestFirst.reversed());
    }

    @Override
    public void renewLeases(NodeId owner, Instant until) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(until, "until");
        state.collectAll(c -> {
            c.leases.replaceAll((turnId, lease) -> lease.owner().equals(owner) ? new Lease(owner, until) : lease);
            return List.of();
        });
    }

    @Override
    public List<Turn> expiredLeases(Instant now, int limit) {
        record Expired(Turn turn, Instant until) {
        }
        return state.collectAll(c -> c.leases.entrySet().stream()
                        .filter(entry -> entry.getValue().until().isBefore(now))
                        .map(entry -> new Expired(c.turns.get(entry.getKey()), entry.getValue().until()))
                        .toList())
                .stream()
                .sorted(Comparator.comparing(Expired::until))
                .limit(Math.max(limit, 0))
                .map(Expired::turn)
                .toList();
    }

    @Override
    public List<Turn> runningOn(NodeId owner) {
        return state.collectAll(c -> c.leases.entrySet().stream()
                .filter(entry -> entry.getValue().owner().equals(owner))
                .map(Map.Entry::getKey)
                .map(c.turns::get)
                .toList());
    }

    @Override
    public List<ConversationId> stalled(int limit) {
        return state.collectAll(c -> c.running.isEmpty() && !c.queue.isEmpty() ? List.of(c.id()) : List.<ConversationId>of())
                .stream()
                .limit(Math.max(limit, 0))
                .toList();
    }

    @Override
    public int queuedCount() {
        return state.collectAll(c -> List.of(c.queue.size())).stream().mapToInt(Integer::intValue).sum();
    }
}
