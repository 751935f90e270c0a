package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.adapter.persistence.postgres.JournalRows.LockedConversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.tool.ToolAnswer;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tool calls in PostgreSQL: every write is one transaction under the conversation's row lock, journaling its event
 * with the next sequence. An accepted answer is announced with NOTIFY; a node whose LISTEN connection was down is
 * told the stored answers of running turns again when it listens anew ({@link #redeliverStored}).
 */
public final class PostgresToolCallStore implements ToolCallStore {

    private static final System.Logger LOG = System.getLogger(PostgresToolCallStore.class.getName());

    private final Jdbc jdbc;
    private final Channels channels;
    private final JournalFeed feed;
    private final Clock clock;
    /** Tells this node's own notifications from other nodes', which it has already delivered. */
    private final String origin = UUID.randomUUID().toString();
    private final List<AnswerListener> listeners = new CopyOnWriteArrayList<>();

    PostgresToolCallStore(Jdbc jdbc, Channels channels, JournalFeed feed, Clock clock) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.feed = feed;
        this.clock = clock;
    }

    @Override
    public JournalEvent recordCall(ConversationId conversationId, TurnId turnId, ToolCallEvent call) {
        Objects.requireNonNull(call, "call");
        JournalEvent event = jdbc.transaction(connection -> {
            LockedConversation conversation = lockRunning(connection, conversationId, turnId);
            long seq = conversation.lastSeq() + 1;
            if (!ToolCallRows.insert(connection, conversationId, turnId, seq,
                    ToolCallRecord.opened(call.call(), call.executor(), call.requiresApproval()))) {
                throw new IllegalArgumentException("turn " + turnId + " already has a call " + call.callId());
            }
            return append(connection, conversationId, seq, turnId, call);
        });
        feed.publish(conversationId, List.of(event));
        return event;
    }

    @Override
    public Answered answer(ConversationId conversationId, TurnId turnId, String callId, ToolAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        record Outcome(Answered answered, Optional<JournalEvent> event) {
        }
        Outcome outcome = jdbc.transaction(connection -> {
            Optional<LockedConversation> conversation = JournalRows.lock(connection, conversationId);
            Optional<ToolCallRecord> record = conversation.isEmpty() ? Optional.empty()
                    : ToolCallRows.find(connection, conversationId, turnId, callId);
            if (record.isEmpty()) {
                return new Outcome(new Answered.UnknownCall(), Optional.empty());
            }
            boolean running = ToolCallRows.isRunning(connection, conversationId, turnId);
            return switch (record.get().judge(answer, running)) {
                case ToolCallRecord.Verdict.Accepted accepted -> {
                    ToolCallRows.update(connection, conversationId, turnId, accepted.next());
                    Optional<JournalEvent> event = Optional.empty();
                    if (answer instanceof ToolDecision decision) {
                        event = Optional.of(append(connection, conversationId, conversation.get().lastSeq() + 1,
                                turnId, new ToolDecisionEvent(callId, decision)));
                    }
                    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                        notify.setString(1, channels.toolAnswers());
                        notify.setString(2, origin + ":" + conversationId + ":" + turnId + ":" + callId);
                        notify.execute();
                    }
                    yield new Outcome(new Answered.Accepted(accepted.next()), event);
                }
                case ToolCallRecord.Verdict.Repeated repeated -> new Outcome(new Answered.Repeated(), Optional.empty());
                case ToolCallRecord.Verdict.NotPending notPending ->
                        new Outcome(new Answered.NotPending(notPending.why()), Optional.empty());
            };
        });
        outcome.event().ifPresent(event -> feed.publish(conversationId, List.of(event)));
        if (outcome.answered() instanceof Answered.Accepted) {
            deliver(conversationId, turnId, callId);
        }
        return outcome.answered();
    }

    @Override
    public Optional<ToolCallRecord> find(ConversationId conversationId, TurnId turnId, String callId) {
        return jdbc.query(connection -> ToolCallRows.find(connection, conversationId, turnId, callId));
    }

    @Override
    public List<ToolCallRecord> waiting(ConversationId conversationId, TurnId turnId) {
        return jdbc.query(connection -> List.copyOf(ToolCallRows.waiting(connection, conversationId, turnId)));
    }

    @Override
    public boolean awaitAnswer(ConversationId conversationId, TurnId turnId, String callId, WaitingFor what) {
        return jdbc.transaction(connection -> {
            lockRunning(connection, conversationId, turnId);
            ToolCallRecord record = require(connection, conversationId, turnId, callId);
            if (record.closed()) {
                return false;
            }
            ToolCallRows.update(connection, conversationId, turnId, record.waitFor(what));
            return true;
        });
    }

    @Override
    public boolean expire(ConversationId conversationId, TurnId turnId, String callId,
            Optional<ToolDecisionEvent> decision) {
        Optional<Optional<JournalEvent>> expired = jdbc.transaction(connection -> {
            LockedConversation conversation = lockRunning(connection, conversationId, turnId);
            ToolCallRecord record = require(connection, conversationId, turnId, callId);
            if (record.waitingFor().isEmpty()) {
                return Optional.<Optional<JournalEvent>>empty();
            }
            ToolCallRows.update(connection, conversationId, turnId, record.stopWaiting());
            Optional<JournalEvent> event = Optional.empty();
            if (decision.isPresent()) {
                event = Optional.of(append(connection, conversationId, conversation.lastSeq() + 1, turnId,
                        decision.get()));
            }
            return Optional.of(event);
        });
        expired.flatMap(event -> event).ifPresent(event -> feed.publish(conversationId, List.of(event)));
        return expired.isPresent();
    }

    @Override
    public Optional<JournalEvent> recordResult(ConversationId conversationId, TurnId turnId, ToolResultEvent result) {
        Optional<JournalEvent> event = jdbc.transaction(connection -> {
            LockedConversation conversation = lockRunning(connection, conversationId, turnId);
            ToolCallRecord record = require(connection, conversationId, turnId, result.callId());
            if (record.closed()) {
                return Optional.<JournalEvent>empty();
            }
            ToolCallRows.update(connection, conversationId, turnId, record.close());
            return Optional.of(append(connection, conversationId, conversation.lastSeq() + 1, turnId, result));
        });
        event.ifPresent(stored -> feed.publish(conversationId, List.of(stored)));
        return event;
    }

    @Override
    public Subscription listen(AnswerListener listener) {
        Objects.requireNonNull(listener, "listener");
        AnswerListener registered = listener::answered; // a distinct identity, so removal is exact
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** Handles a notification from the tool-answer channel. */
    void notified(String payload) {
        String[] parts = payload.split(":", 4);
        if (parts.length != 4 || parts[0].equals(origin)) {
            return;
        }
        Optional<ConversationId> conversationId = ConversationId.parse(parts[1]);
        Optional<TurnId> turnId = TurnId.parse(parts[2]);
        if (conversationId.isPresent() && turnId.isPresent()) {
            deliver(conversationId.get(), turnId.get(), parts[3]);
        }
    }

    /**
     * Tells this node's listeners again of every stored answer that an open call of a running turn took, for when
     * notifications may have been missed. Runs on the connection that has just started to listen, so that an
     * answer is either among these or announced to it.
     */
    void redeliverStored(Connection connection) throws SQLException {
        if (listeners.isEmpty()) {
            return;
        }
        record Stored(ConversationId conversationId, TurnId turnId, String callId) {
        }
        List<Stored> stored = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.conversation_id, c.turn_id, c.call_id "
                + "FROM tool_calls c JOIN turns t ON t.conversation_id = c.conversation_id AND t.turn_id = c.turn_id "
                + "WHERE NOT c.closed AND (c.decision IS NOT NULL OR c.browser_result IS NOT NULL) "
                + "AND t.status = " + StatusSql.RUNNING)) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(new Stored(new ConversationId(rows.getObject(1, UUID.class)),
                            new TurnId(rows.getObject(2, UUID.class)), rows.getString(3)));
                }
            }
        }
        stored.forEach(answer -> deliver(answer.conversationId(), answer.turnId(), answer.callId()));
    }

    private void deliver(ConversationId conversationId, TurnId turnId, String callId) {
        for (AnswerListener listener : listeners) {
            try {
                listener.answered(conversationId, turnId, callId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a tool answer listener failed", e);
            }
        }
    }

    private JournalEvent append(Connection connection, ConversationId conversationId, long seq, TurnId turnId,
            ToolEvent event) throws SQLException {
        Instant at = Jdbc.storable(clock.instant());
        return JournalRows.appendOne(connection, conversationId, seq, turnId, event, at);
    }

    private static LockedConversation lockRunning(Connection connection, ConversationId conversationId, TurnId turnId)
            throws SQLException {
        LockedConversation conversation = JournalRows.lock(connection, conversationId)
                .orElseThrow(() -> new IllegalArgumentException("no conversation " + conversationId));
        ToolCallRows.requireRunning(connection, conversationId, turnId);
        return conversation;
    }

    private static ToolCallRecord require(Connection connection, ConversationId conversationId, TurnId turnId,
            String callId) throws SQLException {
        return ToolCallRows.find(connection, conversationId, turnId, callId)
                .orElseThrow(() -> new IllegalArgumentException("turn " + turnId + " has no call " + callId));
    }
}
