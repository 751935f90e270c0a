package dev.turnengine.application.service;

import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.application.port.in.SubmitMessageUseCase.AttachmentInput;
import dev.turnengine.application.port.in.SubmitMessageUseCase.Command;
import dev.turnengine.domain.Utf8;
import dev.turnengine.domain.conversation.Labels;
import dev.turnengine.domain.conversation.Uuids;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Checks a submit's content against the limits and turns it into domain values, or says what is wrong. */
final class SubmitValidator {

    static final String DEFAULT_SOURCE = "web";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final SubmitLimits limits;

    SubmitValidator(SubmitLimits limits) {
        this.limits = limits;
    }

    /** The checked submit, or the first problem found. */
    Outcome validate(Command command) {
        try {
            return new Outcome.Valid(check(command));
        } catch (Problem problem) {
            return new Outcome.Invalid(problem.refusal);
        }
    }

    /** Either a valid submit or a refusal. */
    sealed interface Outcome {
        /** Everything checked out. */
        record Valid(ValidSubmit submit) implements Outcome {
        }

        /** What is wrong. */
        record Invalid(Refusal refusal) implements Outcome {
        }
    }

    private ValidSubmit check(Command command) {
        String text = command.text();
        if (text.isBlank()) {
            throw invalid("text must not be blank");
        }
        if (text.length() > limits.maxTextChars() && text.codePointCount(0, text.length()) > limits.maxTextChars()) {
            throw tooLarge("text is longer than " + limits.maxTextChars() + " characters");
        }
        if (command.identityJson().isPresent() && Utf8.length(command.identityJson().get()) > limits.maxIdentityBytes()) {
            throw tooLarge("identity is larger than " + limits.maxIdentityBytes() + " bytes as compact JSON");
        }
        if (command.attachments().size() > limits.maxAttachments()) {
            throw tooLarge("at most " + limits.maxAttachments() + " attachments are allowed");
        }
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < command.attachments().size(); i++) {
            attachments.add(attachment(i, command.attachments().get(i)));
        }
        String source = command.turnSource().orElse(DEFAULT_SOURCE);
        if (!Labels.isLabel(source)) {
            throw invalid("turn_source must be 1-64 printable ASCII characters without spaces");
        }
        return new ValidSubmit(
                new UserMessage(text, attachments, command.browserSession(), command.identityJson()),
                source, command.onBusy(), command.idempotencyKey());
    }

    private Attachment attachment(int index, AttachmentInput input) {
        String where = "attachments[" + index + "]";
        Optional<UUID> documentId = Optional.empty();
        if (input.documentId().isPresent()) {
            documentId = Optional.of(Uuids.parse(input.documentId().get())
                    .orElseThrow(() -> invalid(where + ".document_id is not a UUID")));
        }
        // Four base64 characters carry three bytes: refuse oversize data before decoding any of it.
        if (input.dataBase64().isPresent()
                && (long) input.dataBase64().get().length() / 4 * 3 > limits.maxAttachmentBytes() + 2) {
            throw tooLarge(where + " is larger than " + limits.maxAttachmentBytes() + " bytes");
        }
        Attachment attachment;
        try {
            // The attachment checks itself (content type, data or document, file name, base64) in one decode.
            attachment = new Attachment(input.contentType().orElse(DEFAULT_CONTENT_TYPE), input.dataBase64(),
                    documentId, input.filename());
        } catch (IllegalArgumentException e) {
            throw invalid(where + ": " + e.getMessage());
        }
        if (attachment.decodedSize() > limits.maxAttachmentBytes()) {
            throw tooLarge(where + " is larger than " + limits.maxAttachmentBytes() + " bytes");
        }
        return attachment;
    }

    private static Problem invalid(String detail) {
        return new Problem(Refusal.invalid(detail));
    }

    private static Problem tooLarge(String detail) {
        return new Problem(new Refusal(Refusal.Reason.PAYLOAD_TOO_LARGE, detail));
    }

    /** Unwinds the checks at the first problem; never leaves this class. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        Problem(Refusal refusal) {
            super(refusal.detail(), null, false, false);
            this.refusal = refusal;
        }
    }
}
