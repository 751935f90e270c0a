package dev.turnengine.application.service;

import dev.turnengine.application.port.in.AnswerToolCallUseCase;
import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.ToolCallStore.Answered;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.tool.BrowserResult;
import dev.turnengine.domain.tool.ToolOutput;

/**
 * Hands an outside answer to a tool call after checking that the caller's tenant owns the conversation and that the
 * answer fits the limits a message's content has (an image as large as an attachment, text as long as a message).
 */
public final class AnswerToolCallService implements AnswerToolCallUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final ToolCallStore toolCalls;
    private final SubmitLimits limits;

    public AnswerToolCallService(ConversationStore conversations, TurnStore turns, ToolCallStore toolCalls,
            SubmitLimits limits) {
        this.conversations = conversations;
        this.turns = turns;
        this.toolCalls = toolCalls;
        this.limits = limits;
    }

    @Override
    public Result answer(Command command) {
        if (command.answer() instanceof BrowserResult result) {
            String tooLarge = switch (result.output()) {
                case ToolOutput.Text text -> text.text().codePointCount(0, text.text().length()) > limits.maxTextChars()
                        ? "output is over " + limits.maxTextChars() + " characters" : null;
                case ToolOutput.Image image -> decodedSize(image.base64()) > limits.maxAttachmentBytes()
                        ? "the image is over " + limits.maxAttachmentBytes() + " bytes" : null;
            };
            if (tooLarge != null) {
                return new Result.Refused(new Refusal(Refusal.Reason.PAYLOAD_TOO_LARGE, tooLarge));
            }
        }
        if (conversations.find(command.caller().tenant(), command.conversationId()).isEmpty()) {
            return new Result.Refused(Refusal.notFound("No conversation with that id."));
        }
        if (turns.find(command.conversationId(), command.turnId()).isEmpty()) {
            return new Result.Refused(Refusal.notFound("No turn with that id."));
        }
        return switch (toolCalls.answer(command.conversationId(), command.turnId(), command.callId(),
                command.answer())) {
            case Answered.Accepted accepted -> new Result.Accepted();
            case Answered.Repeated repeated -> new Result.Repeated();
            case Answered.NotPending notPending -> new Result.NotPending(notPending.why());
            case Answered.UnknownCall unknown -> new Result.Refused(Refusal.notFound("No tool call with that id."));
        };
    }

    /** Bytes the base64 text decodes to, without decoding it. */
    private static long decodedSize(String base64) {
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() / 4 * 3 - padding;
    }
}
