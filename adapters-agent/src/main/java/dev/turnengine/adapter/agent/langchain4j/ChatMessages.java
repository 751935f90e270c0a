package dev.turnengine.adapter.agent.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.UserMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Writes a turn as the messages a chat model reads: the system prompt, the earlier exchanges as alternating
 * user and assistant messages (with the tool calls they made), then the new message with its attachments — text
 * files inlined, images as images where the provider takes them, and every other file named so the model knows it
 * was sent.
 */
final class ChatMessages {

    /** Assistant messages must not be empty for some providers; a turn that produced no text says so. */
    static final String EMPTY_REPLY = "(no reply)";

    private ChatMessages() {}

    static List<ChatMessage> of(AgentRequest request, Optional<String> systemPrompt, Predicate<String> acceptsImage) {
        List<ChatMessage> messages = new ArrayList<>();
        systemPrompt(systemPrompt, request.systemPromptAddition()).map(SystemMessage::from).ifPresent(messages::add);
        for (Exchange exchange : request.history()) {
            messages.add(dev.langchain4j.data.message.UserMessage.from(exchange.userText()));
            exchange.toolSteps().forEach(step -> messages.addAll(ModelTools.historyMessages(step)));
            messages.add(AiMessage.from(exchange.replyText().isBlank() ? EMPTY_REPLY : exchange.replyText()));
        }
        messages.add(userMessage(request.message(), acceptsImage));
        return messages;
    }

    /** The configured prompt followed by the turn's addition (the browser prompt), blank-line separated. */
    static Optional<String> systemPrompt(Optional<String> configured, Optional<String> addition) {
        if (addition.isEmpty()) {
            return configured;
        }
        return Optional.of(configured.map(prompt -> prompt + "\n\n").orElse("") + addition.get());
    }

    private static dev.langchain4j.data.message.UserMessage userMessage(
            UserMessage message, Predicate<String> acceptsImage) {
        StringBuilder text = new StringBuilder(message.text());
        List<Content> images = new ArrayList<>();
        for (Attachment attachment : message.attachments()) {
            String type = mediaType(attachment.contentType());
            Optional<String> inlineText = isTextual(type) ? attachment.data().flatMap(ChatMessages::utf8) : Optional.empty();
            if (inlineText.isPresent()) {
                text.append("\n\n--- Attachment ").append(describe(attachment)).append(" ---\n").append(inlineText.get());
            } else if (attachment.dataBase64().isPresent() && type.startsWith("image/") && acceptsImage.test(type)) {
                images.add(ImageContent.from(attachment.dataBase64().get(), type));
                text.append("\n\n[Attached image ").append(describe(attachment)).append(']');
            } else {
                text.append("\n\n[Attachment ").append(describe(attachment)).append(" was sent but is not shown to you")
                        .append(attachment.dataBase64().isPresent()
                                ? " (" + attachment.decodedSize() + " bytes)"
                                : attachment.documentId().map(id -> " (stored document " + id + ")").orElse(""))
                        .append(']');
            }
        }
        if (images.isEmpty()) {
            return dev.langchain4j.data.message.UserMessage.from(text.toString());
        }
        List<Content> contents = new ArrayList<>();
        contents.add(TextContent.from(text.toString()));
        contents.addAll(images);
        return dev.langchain4j.data.message.UserMessage.from(contents);
    }

    /** The content type without parameters, in lower case: {@code Text/Plain; charset=utf-8} → {@code text/plain}. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isTextual(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String describe(Attachment attachment) {
        return "\"" + attachment.filename().orElse("unnamed") + "\" (" + mediaType(attachment.contentType()) + ")";
    }

    /** The bytes as text when they are valid UTF-8; anything else is named, not shown as garbage. */
    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
