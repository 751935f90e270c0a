package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.tool.ToolAnswer;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Tool calls kept with their conversation in memory, changed under its lock; answers told to this process's listeners. */
public final class InMemoryToolCallStore implements ToolCallStore {

    private static final System.Logger LOG = System.getLogger(InMemoryToolCallStore.class.getName());

    private final InMemoryState state;
    private final List<AnswerListener> listeners = new CopyOnWriteArrayList<>();

    InMemoryToolCallStore(InMemoryState state) {
        this.state = state;
    }

    @Override
    public JournalEvent recordCall(ConversationId conversationId, TurnId turnId, ToolCallEvent call) {
        Objects.requireNonNull(call, "call");
        return state.require(conversationId).locked(c -> {
            requireRunning(c, turnId);
            Map<String, ToolCallRecord> calls = c.toolCalls.computeIfAbsent(turnId, id -> new LinkedHashMap<>());
            if (calls.containsKey(call.callId())) {
                throw new IllegalArgumentException("turn " + turnId + " already has a call " + call.callId());
            }
            calls.put(call.callId(), ToolCallRecord.opened(call.call(), call.executor(), call.requiresApproval()));
            return c.append(turnId, call, state.clock().instant());
        });
    }

    @Override
    public Answered answer(ConversationId conversationId, TurnId turnId, String callId, ToolAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        Optional<ConversationState> conversation = state.lookup(conversationId);
        if (conversation.isEmpty()) {
            return new Answered.UnknownCall();
        }
        Answered answered = conversation.get().locked(c -> {
            ToolCallRecord record = record(c, turnId, callId);
            if (record == null) {
                return new Answered.UnknownCall();
            }
            Turn turn = c.turns.get(turnId);
            return switch (record.judge(answer, turn != null && turn.status() == TurnStatus.RUNNING)) {
                case ToolCallRecord.Verdict.Accepted accepted -> {
                    c.toolCalls.get(turnId).put(callId, accepted.next());
                    if (answer instanceof ToolDecision decision) {
                        c.append(turnId, new ToolDecisionEvent(callId, decision), state.clock().instant());
                    }
                    yield new Answered.Accepted(accepted.next());
                }
                case ToolCallRecord.Verdict.Repeated repeated -> new Answered.Repeated();
                case ToolCallRecord.Verdict.NotPending notPending -> new Answered.NotPending(notPending.why());
            };
        });
        if (answered instanceof Answered.Accepted) {
            tell(conversationId, turnId, callId);
        }
        return answered;
    }

    @Override
    public Optional<ToolCallRecord> find(ConversationId conversationId, TurnId turnId, String callId) {
        return state.lookup(conversationId).flatMap(c -> c.locked(s -> Optional.ofNullable(record(s, turnId, callId))));
    }

    @Override
    public List<ToolCallRecord> waiting(ConversationId conversationId, TurnId turnId) {
        return state.lookup(conversationId).map(c -> c.locked(s -> s.toolCalls.getOrDefault(turnId, new LinkedHashMap<>())
                .values().stream().filter(call -> call.waitingFor().isPresent()).toList())).orElse(List.of());
    }

    @Override
    public boolean awaitAnswer(ConversationId conversationId, TurnId turnId, String callId, WaitingFor what) {
        return state.require(conversationId).locked(c -> {
            requireRunning(c, turnId);
            ToolCallRecord record = requireRecord(c, turnId, callId);
            if (record.closed()) {
                return false;
            }
            c.toolCalls.get(turnId).put(callId, record.waitFor(what));
            return true;
        });
    }

    @Override
    public boolean expire(ConversationId conversationId, TurnId turnId, String callId,
            Optional<ToolDecisionEvent> decision) {
        return state.require(conversationId).locked(c -> {
            requireRunning(c, turnId);
            ToolCallRecord record = requireRecord(c, turnId, callId);
            if (record.waitingFor().isEmpty()) {
                return false;
            }
            c.toolCalls.get(turnId).put(callId, record.stopWaiting());
            decision.ifPresent(event -> c.append(turnId, event, state.clock().instant()));
            return true;
        });
    }

    @Override
    public Optional<JournalEvent> recordResult(ConversationId conversationId, TurnId turnId, ToolResultEvent result) {
        return state.require(conversationId).locked(c -> {
            requireRunning(c, turnId);
            ToolCallRecord record = requireRecord(c, turnId, result.callId());
            if (record.closed()) {
                return Optional.<JournalEvent>empty();
            }
            c.toolCalls.get(turnId).put(result.callId(), record.close());
            return Optional.of(c.append(turnId, result, state.clock().instant()));
        });
    }

    @Override
    public Subscription listen(AnswerListener listener) {
        Objects.requireNonNull(listener, "listener");
        AnswerListener registered = listener::answered; // a distinct identity, so removal is exact
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    private void tell(ConversationId conversationId, TurnId turnId, String callId) {
        for (AnswerListener listener : listeners) {
            try {
                listener.answered(conversationId, turnId, callId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a tool answer listener failed", e);
            }
        }
    }

    private static ToolCallRecord record(ConversationState c, TurnId turnId, String callId) {
        Map<String, ToolCallRecord> calls = c.toolCalls.get(turnId);
        return calls == null ? null : calls.get(callId);
    }

    private static ToolCallRecord requireRecord(ConversationState c, TurnId turnId, String callId) {
        ToolCallRecord record = record(c, turnId, callId);
        if (record == null) {
            throw new IllegalArgumentException("turn " + turnId + " has no call " + callId);
        }
        return record;
    }

    private static void requireRunning(ConversationState c, TurnId turnId) {
        Turn turn = c.turns.get(turnId);
        if (turn == null || turn.status() != TurnStatus.RUNNING) {
            throw new IllegalStateException("turn " + turnId + " is not running");
        }
    }
}
