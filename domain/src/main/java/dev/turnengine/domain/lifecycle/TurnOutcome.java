package dev.turnengine.domain.lifecycle;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a turn ends: every {@code final} the engine writes is decided here, from why the turn was stopped
 * (if it was), what its agent did and the text it had streamed. Pure: no clock, no storage, no threads.
 * A {@code final}'s error message is shown to end users, so it never repeats an exception's text unless the
 * agent built that exception for them ({@link AgentException}); the caller logs the rest with the turn id.
 */
public final class TurnOutcome {

    private TurnOutcome() {
    }

    /**
     * The ending of a turn whose agent ran. A cancellation wins over the agent's own ending (an agent that
     * answers after an interrupt still ends interrupted), but the usage it reported is kept.
     *
     * @param text the reply as journaled, which the {@code final} repeats
     * @param turnTimeout the limit the turn ran under, named when it timed out
     */
    public static TurnFinal decide(
            Optional<CancelReason> cancelled, AgentEnding agent, String text, Duration turnTimeout) {
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(text, "text");
        Optional<Usage> usage = agent instanceof AgentEnding.Answered answered
                ? answered.result().usage() : Optional.empty();
        if (cancelled.isPresent()) {
            return switch (cancelled.get()) {
                case INTERRUPTED -> TurnFinal.interrupted(text, Optional.empty(), usage);
                case SHUTDOWN -> TurnFinal.interrupted(text,
                        Optional.of(new TurnError(TurnError.SHUTDOWN, "the server shut down during this turn")), usage);
                case TIMEOUT -> TurnFinal.failed(text, new TurnError(TurnError.TIMEOUT,
                        "the agent did not finish within " + turnTimeout.toSeconds() + " s"), usage);
            };
        }
        return switch (agent) {
            case AgentEnding.Answered answered -> TurnFinal.completed(text, usage);
            case AgentEnding.Failed failed -> TurnFinal.failed(text, agentError(failed.failure()), Optional.empty());
            case AgentEnding.Unfinished unfinished -> TurnFinal.failed(text,
                    new TurnError(TurnError.AGENT_ERROR, "the agent failed: the agent ended without an answer"),
                    Optional.empty());
        };
    }

    /** The ending of a queued turn cancelled before it started: interrupted, with no text. */
    public static TurnFinal cancelledWhileQueued() {
        return TurnFinal.interrupted("", Optional.empty(), Optional.empty());
    }

    /** The ending of a turn whose conversation no longer exists when it is about to run. */
    public static TurnFinal conversationGone() {
        return TurnFinal.failed("", new TurnError(TurnError.AGENT_ERROR, "the conversation is gone"), Optional.empty());
    }

    /** The ending of a turn whose conversation names an agent this server does not have. */
    public static TurnFinal agentUnavailable(String agent) {
        return TurnFinal.failed("", new TurnError(TurnError.AGENT_UNAVAILABLE,
                "agent '" + agent + "' is not configured on this server"), Optional.empty());
    }

    /** The ending of a turn that could not be prepared (conversation, history) before its agent ran. */
    public static TurnFinal notPrepared(RuntimeException failure) {
        TurnError error = failure instanceof StorageUnavailableException
                ? new TurnError(TurnError.STORAGE_ERROR, "storage was unavailable")
                : new TurnError(TurnError.AGENT_ERROR, "the turn could not be prepared");
        return TurnFinal.failed("", error, Optional.empty());
    }

    /** The ending of a turn whose stored message cannot be decoded: it can never run, and must not block the queue. */
    public static TurnFinal unreadable() {
        return TurnFinal.failed("", new TurnError(TurnError.STORAGE_ERROR,
                "this turn could not be read back from storage"), Optional.empty());
    }

    /** The ending of a turn whose node stopped running it, keeping the text it had streamed. */
    public static TurnFinal abandoned(String text) {
        return TurnFinal.failed(text, new TurnError(TurnError.ABANDONED,
                "the server running this turn stopped before it finished"), Optional.empty());
    }

    /** Whether a failure is none the engine expects (an agent's declared error, a storage outage): a bug to log. */
    public static boolean isUnexpected(Throwable failure) {
        return !(failure instanceof AgentException) && !(failure instanceof StorageUnavailableException);
    }

    /**
     * Whether a failure's own message reaches the {@code final}: only an {@link AgentException}, which an
     * agent builds for its users (the model runners' mapped errors are such). Any other text may carry
     * internal detail (hosts, SQL, stack state) and goes to the log instead.
     */
    public static boolean showsDetail(Throwable failure) {
        return failure instanceof AgentException;
    }

    private static TurnError agentError(Throwable failure) {
        if (failure instanceof AgentException agentException) {
            return new TurnError(agentException.code(), String.valueOf(agentException.getMessage()));
        }
        if (failure instanceof StorageUnavailableException) {
            return new TurnError(TurnError.STORAGE_ERROR, "the reply could not be stored");
        }
        return new TurnError(TurnError.AGENT_ERROR, "the agent failed");
    }
}
