package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.event.TurnEvent;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.ToolStep;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One conversation with its turns, journal, leases and keys, guarded by one lock so that every change to
 * it is atomic while other conversations go on undisturbed. Fields are only touched under the lock.
 */
final class ConversationState {

    /** A running turn's lease. */
    record Lease(NodeId owner, Instant until) {
    }

    /** The scope of an idempotency key within this conversation. */
    record KeyScope(TenantId tenant, IdempotencyKey key) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final JournalFeed feed;
    private final ConversationId id;
    Conversation conversation;
    final List<JournalEvent> events = new ArrayList<>();
    final LinkedHashMap<TurnId, Turn> turns = new LinkedHashMap<>();
    final ArrayDeque<TurnId> queue = new ArrayDeque<>();
    Optional<TurnId> running = Optional.empty();
    final Map<TurnId, Lease> leases = new HashMap<>();
    final Map<KeyScope, IdempotencyRecord> keys = new HashMap<>();
    /** The last accepted message, else the creation: the listing order and what retention measures. */
    Instant lastActivityAt;
    /** Set when a deletion ended the turns; the conversation is then absent to every lookup. */
    Optional<Instant> deletedAt = Optional.empty();
    /** The tool calls of each turn, by call id in the order they were made. */
    final Map<TurnId, LinkedHashMap<String, ToolCallRecord>> toolCalls = new HashMap<>();

    ConversationState(Conversation conversation, JournalFeed feed) {
        this.id = conversation.id();
        this.conversation = conversation;
        this.feed = feed;
        this.lastActivityAt = conversation.createdAt();
    }

    ConversationId id() {
        return id;
    }

    <T> T locked(Function<ConversationState, T> action) {
        lock.lock();
        try {
            return action.apply(this);
        } finally {
            lock.unlock();
        }
    }

    /** Journals an event with the next sequence and wakes subscribers (under the lock, so in order). */
    JournalEvent append(TurnId turnId, TurnEvent event, Instant at) {
        JournalEvent stored = new JournalEvent(id, events.size() + 1L, turnId, event, at);
        events.add(stored);
        feed.publish(id, List.of(stored));
        return stored;
    }

    List<JournalEvent> read(long afterSeq, int limit) {
        int from = (int) Math.min(Math.max(afterSeq, 0), events.size());
        int to = (int) Math.min((long) from + Math.max(limit, 0), events.size());
        return List.copyOf(events.subList(from, to));
    }

    boolean isDeleted() {
        return deletedAt.isPresent();
    }

    /** The reply text a turn has streamed: its {@code text_delta} events joined in order. */
    String streamedText(TurnId turnId) {
        Turn turn = turns.get(turnId);
        if (turn == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JournalEvent event : events.subList((int) turn.acceptedSeq() - 1, events.size())) {
            if (event.turnId().equals(turnId) && event.event() instanceof dev.turnengine.domain.event.TextDelta delta) {
                text.append(delta.delta());
            }
        }
        return text.toString();
    }

    /** The tool calls a turn made with their results, from its journaled events (a turn's events end at its final). */
    List<ToolStep> toolSteps(Turn turn) {
        // Checked first: history asks this of twenty old turns per admission, and reading an old turn's id misses
        // the CPU cache; most conversations have never called a tool.
        if (toolCalls.isEmpty() || !toolCalls.containsKey(turn.id())) {
            return List.of();
        }
        Map<String, ToolCall> calls = new HashMap<>();
        List<ToolStep> steps = new ArrayList<>();
        for (JournalEvent event : events.subList((int) turn.acceptedSeq() - 1, events.size())) {
            if (!event.turnId().equals(turn.id())) {
                continue;
            }
            if (event.event() instanceof ToolCallEvent call) {
                calls.put(call.callId(), call.call());
            } else if (event.event() instanceof ToolResultEvent result && calls.containsKey(result.callId())) {
                steps.add(new ToolStep(calls.remove(result.callId()), result.result()));
            } else if (event.isFinal()) {
                break;
            }
        }
        return List.copyOf(steps);
    }

    boolean isBusy() {
        return running.isPresent() || !queue.isEmpty();
    }

    void replace(Turn turn) {
        turns.put(turn.id(), turn);
    }
}
