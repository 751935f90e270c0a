package dev.turnengine.adapter.persistence.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.ToolEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Writes messages and events as the JSON bodies stored in the database, and reads them back. A message's
 * attachments are stored as metadata with their size ({@code data_bytes}); their bytes live in the
 * {@code attachments} table. Rows written before that hold {@code data_b64} inline and read as they are.
 */
final class JsonCodec {

    /**
     * Whatever the engine accepted and wrote must read back, so the reader has no string-length limit of its
     * own (Jackson's default of 20M characters is below what the engine may store: configured text limits,
     * an agent's long reply, inline attachments of older rows). Every stored body was written by this class
     * from values the engine had already checked; the limits that protect the server apply when requests are
     * read, not here.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private JsonCodec() {
    }

    static String message(UserMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", message.text());
        ArrayNode attachments = node.putArray("attachments");
        for (Attachment attachment : message.attachments()) {
            ObjectNode item = attachments.addObject();
            item.put("content_type", attachment.contentType());
            if (attachment.dataBase64().isPresent() || attachment.isUnloaded()) {
                item.put("data_bytes", attachment.decodedSize());
            }
            attachment.documentId().ifPresent(id -> item.put("document_id", id.toString()));
            attachment.filename().ifPresent(name -> item.put("filename", name));
        }
        node.put("browser_session", message.browserSession());
        message.identityJson().ifPresent(identity -> node.put("identity", identity));
        return write(node);
    }

    static UserMessage message(String json) {
        JsonNode node = read(json);
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode item : node.path("attachments")) {
            Optional<String> inline = text(item, "data_b64");
            OptionalLong unloaded = inline.isEmpty() && item.hasNonNull("data_bytes")
                    ? OptionalLong.of(item.get("data_bytes").asLong()) : OptionalLong.empty();
            attachments.add(new Attachment(item.get("content_type").asText(), inline,
                    text(item, "document_id").map(UUID::fromString), text(item, "filename"), unloaded));
        }
        return new UserMessage(node.get("text").asText(), attachments, node.path("browser_session").asBoolean(),
                text(node, "identity"));
    }

    static String event(TurnEvent event) {
        ObjectNode node = JSON.createObjectNode();
        switch (event) {
            case TurnAccepted accepted -> {
                node.put("text", accepted.text());
                node.put("source", accepted.source());
            }
            case TurnStarted started -> {
            }
            case TextDelta delta -> node.put("delta", delta.delta());
            case ToolEvent tool -> ToolJson.write(tool, node);
            case TurnFinal ending -> {
                node.put("status", ending.status().wireName());
                node.put("text", ending.text());
                ending.error().ifPresent(error -> {
                    ObjectNode errorNode = node.putObject("error");
                    errorNode.put("code", error.code());
                    errorNode.put("message", error.message());
                });
                ending.usage().ifPresent(usage -> {
                    ObjectNode usageNode = node.putObject("usage");
                    usageNode.put("input_tokens", usage.inputTokens());
                    usageNode.put("output_tokens", usage.outputTokens());
                });
            }
        }
        return write(node);
    }

    static TurnEvent event(String type, String json) {
        return event(type, read(json));
    }

    /** An event of {@code type} from its payload, already parsed. */
    static TurnEvent event(String type, JsonNode node) {
        return switch (type) {
            case "turn_accepted" -> new TurnAccepted(node.get("text").asText(), node.get("source").asText());
            case "turn_started" -> new TurnStarted();
            case "text_delta" -> new TextDelta(node.get("delta").asText());
            case "final" -> ending(node);
            case "tool_call", "tool_decision", "tool_result" -> ToolJson.read(type, node);
            default -> throw new IllegalStateException("the journal holds an event of unknown type " + type);
        };
    }

    static TurnFinal ending(String json) {
        return ending(read(json));
    }

    /** Just the delta text of a stored {@code text_delta} body. */
    static String deltaText(String json) {
        return read(json).get("delta").asText();
    }

    private static TurnFinal ending(JsonNode node) {
        FinalStatus status = FinalStatus.valueOf(node.get("status").asText().toUpperCase(java.util.Locale.ROOT));
        Optional<TurnError> error = node.hasNonNull("error")
                ? Optional.of(new TurnError(node.get("error").get("code").asText(),
                        node.get("error").get("message").asText()))
                : Optional.empty();
        Optional<Usage> usage = node.hasNonNull("usage")
                ? Optional.of(new Usage(node.get("usage").get("input_tokens").asLong(),
                        node.get("usage").get("output_tokens").asLong()))
                : Optional.empty();
        return new TurnFinal(status, node.get("text").asText(), error, usage);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database holds malformed JSON", e);
        }
    }
}
