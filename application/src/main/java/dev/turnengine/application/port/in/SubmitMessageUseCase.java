package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.trace.TraceContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Accepts a message and starts its turn in the background. The command carries the request in domain
 * terms; every check of its content happens here, and a refused submit leaves no trace.
 */
public interface SubmitMessageUseCase {

    /** Accepts, replays (same idempotency key and payload) or refuses the message. */
    Result submit(Command command);

    /**
     * A message as sent, with what the edge already resolved into domain values; the use case checks the
     * rest (text length and blank text, attachments, turn source, the conversation, the busy policy).
     *
     * @param text the message text as sent (an edge refuses a request without one)
     * @param identityJson identity claims as JSON text, passed on untouched
     * @param idempotencyKey the one key the client gave, from whichever place the edge takes it
     * @param trace the trace of the request, stored with the turn it starts
     */
    record Command(
            Caller caller,
            ConversationId conversationId,
            String text,
            List<AttachmentInput> attachments,
            boolean browserSession,
            Optional<String> identityJson,
            Optional<String> turnSource,
            BusyPolicy onBusy,
            Optional<IdempotencyKey> idempotencyKey,
            TraceContext trace) {

        /** A command outside any trace. */
        public Command(
                Caller caller, ConversationId conversationId, String text, List<AttachmentInput> attachments,
                boolean browserSession, Optional<String> identityJson, Optional<String> turnSource, BusyPolicy onBusy,
                Optional<IdempotencyKey> idempotencyKey) {
            this(caller, conversationId, text, attachments, browserSession, identityJson, turnSource, onBusy,
                    idempotencyKey, TraceContext.none());
        }

        public Command {
            Objects.requireNonNull(trace, "trace");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(text, "text");
            attachments = List.copyOf(attachments);
            Objects.requireNonNull(identityJson, "identityJson");
            Objects.requireNonNull(turnSource, "turnSource");
            Objects.requireNonNull(onBusy, "onBusy");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        }

        /** A plain text message with defaults for everything else. */
        public static Command text(Caller caller, ConversationId conversationId, String text) {
            return new Command(caller, conversationId, text, List.of(), false, Optional.empty(), Optional.empty(),
                    BusyPolicy.ENQUEUE, Optional.empty());
        }

        /** This command with an idempotency key. */
        public Command withKey(IdempotencyKey key) {
            return new Command(caller, conversationId, text, attachments, browserSession, identityJson, turnSource,
                    onBusy, Optional.of(key), trace);
        }

        /** This command with a busy policy. */
        public Command withOnBusy(BusyPolicy policy) {
            return new Command(caller, conversationId, text, attachments, browserSession, identityJson, turnSource,
                    policy, idempotencyKey, trace);
        }

        /** This command as part of the trace {@code context}. */
        public Command withTrace(TraceContext context) {
            return new Command(caller, conversationId, text, attachments, browserSession, identityJson, turnSource,
                    onBusy, idempotencyKey, context);
        }
    }

    /** An attachment as sent; all fields optional on the wire, checked by the use case. */
    record AttachmentInput(
            Optional<String> contentType, Optional<String> dataBase64, Optional<String> documentId,
            Optional<String> filename) {

        public AttachmentInput {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(dataBase64, "dataBase64");
            Objects.requireNonNull(documentId, "documentId");
            Objects.requireNonNull(filename, "filename");
        }
    }

    /** What became of the message. */
    sealed interface Result {

        /** A new turn was accepted and will run. */
        record Accepted(Turn turn) implements Result {
        }

        /** The same key and payload were submitted before: the original turn, in whatever state it is. */
        record Replayed(Turn turn) implements Result {
        }

        /** Nothing was accepted. */
        record Refused(Refusal refusal) implements Result {
        }
    }
}
