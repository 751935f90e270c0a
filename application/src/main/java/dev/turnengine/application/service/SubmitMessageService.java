package dev.turnengine.application.service;

import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.application.port.out.TurnDispatcher;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.BrowserPresence;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.IdempotencyRecords;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.TurnId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Accepts messages: checks them, deduplicates by idempotency key, applies the busy policy and hands
 * the new turn to the dispatcher. Every refusal happens before anything is written.
 */
public final class SubmitMessageService implements SubmitMessageUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final IdempotencyRecords idempotency;
    private final BrowserPresence presence;
    private final TurnStopper stopper;
    private final TurnDispatcher dispatcher;
    private final SubmitValidator validator;
    private final Duration retention;
    private final Clock clock;

    public SubmitMessageService(
            ConversationStore conversations, TurnStore turns, IdempotencyRecords idempotency,
            BrowserPresence presence, InterruptSignals interrupts, TurnDispatcher dispatcher,
            SubmitLimits limits, Duration retention, Clock clock, EngineMetrics metrics) {
        this.conversations = conversations;
        this.turns = turns;
        this.idempotency = idempotency;
        this.presence = presence;
        this.stopper = new TurnStopper(turns, interrupts, clock, metrics);
        this.dispatcher = dispatcher;
        this.validator = new SubmitValidator(limits);
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Result submit(Command command) {
        ValidSubmit submit;
        switch (validator.validate(command)) {
            case SubmitValidator.Outcome.Invalid invalid -> {
                return new Result.Refused(invalid.refusal());
            }
            case SubmitValidator.Outcome.Valid valid -> submit = valid.submit();
        }
        Instant now = clock.instant();
        if (submit.message().browserSession()) {
            Optional<Result> early = checkBrowser(command, submit, now);
            if (early.isPresent()) {
                return early.get();
            }
        }
        // Otherwise admit() alone finds the conversation (404 when it is not this tenant's) and the key's turn.
        // Only a request with a key is fingerprinted: a retry is compared with what came before.
        Optional<KeyClaim> claim = submit.key()
                .map(key -> new KeyClaim(key, submit.fingerprint(), now.plus(retention)));
        Admission admission;
        try {
            Admission.Request request = new Admission.Request(
                    command.caller().tenant(), command.conversationId(), TurnId.random(), submit.message(),
                    submit.source(), claim, submit.onBusy() == BusyPolicy.REJECT, now, command.trace());
            Optional<Admission.Start> start = dispatcher.startLease();
            admission = turns.admit(start.isPresent() ? request.startingIfIdle(start.get()) : request);
        } catch (UnknownConversationException e) {
            return new Result.Refused(Refusal.notFound("no conversation " + command.conversationId()));
        }
        return switch (admission) {
            case Admission.Admitted admitted -> {
                if (submit.message().browserSession()) {
                    // Before the turn can run: its computer_* calls wait only while this caller's browser is there.
                    presence.attach(command.conversationId(), admitted.turn().id(), command.caller());
                }
                if (submit.onBusy() == BusyPolicy.INTERRUPT && !admitted.started()) {
                    // "Stop, and answer this instead": every turn queued before this one is cancelled too.
                    stopper.clearWayFor(command.conversationId(), admitted.turn().id());
                }
                if (admitted.started()) {
                    dispatcher.runStarted(admitted);
                } else {
                    dispatcher.dispatch(command.conversationId());
                }
                yield new Result.Accepted(admitted.turn());
            }
            case Admission.Duplicate duplicate -> replay(duplicate.existing(), claim.orElseThrow().fingerprint());
            case Admission.Busy busy -> new Result.Refused(new Refusal(Refusal.Reason.CONVERSATION_BUSY,
                    "a turn is running or queued and on_busy is reject"));
            case Admission.InsufficientStorage full -> new Result.Refused(new Refusal(
                    Refusal.Reason.INSUFFICIENT_STORAGE, "the server holds " + full.storedBytes() + " of at most "
                    + full.budgetBytes() + " bytes of attachments for turns that have not ended; this message's "
                    + "attachments do not fit. Retry once earlier turns have ended, or send smaller attachments."));
        };
    }

    /**
     * For a message that needs this caller's browser: refuses it when the browser is not connected, but only
     * after a missing conversation (404) and a retry's replay, which win over the browser's absence (the browser
     * may be gone by the time a retry comes). admit() checks the key again, atomically, for racing retries.
     */
    private Optional<Result> checkBrowser(Command command, ValidSubmit submit, Instant now) {
        Optional<Conversation> conversation = conversations.find(command.caller().tenant(), command.conversationId());
        if (conversation.isEmpty()) {
            return Optional.of(new Result.Refused(Refusal.notFound("no conversation " + command.conversationId())));
        }
        if (submit.key().isPresent()) {
            Optional<IdempotencyRecord> earlier = idempotency.find(
                    command.caller().tenant(), command.conversationId(), submit.key().get(), now);
            if (earlier.isPresent()) {
                return Optional.of(replay(earlier.get(), submit.fingerprint()));
            }
        }
        if (!presence.isConnected(command.caller(), now)) {
            return Optional.of(new Result.Refused(new Refusal(Refusal.Reason.BROWSER_NOT_CONNECTED,
                    "browser_session is set but this caller's browser is not connected")));
        }
        return Optional.empty();
    }

    private Result replay(IdempotencyRecord earlier, Fingerprint fingerprint) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            return new Result.Refused(new Refusal(Refusal.Reason.IDEMPOTENCY_KEY_REUSED,
                    "this idempotency key was used for a different message on this conversation"));
        }
        return turns.find(earlier.conversationId(), earlier.turnId())
                .<Result>map(Result.Replayed::new)
                .orElseGet(() -> new Result.Refused(Refusal.notFound("the turn this key started no longer exists")));
    }
}
