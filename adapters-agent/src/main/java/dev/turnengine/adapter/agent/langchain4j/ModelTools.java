package dev.turnengine.adapter.agent.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolOutput;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import dev.turnengine.domain.tool.ToolStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Translates tools between the engine and LangChain4j: specifications (a JSON Schema text becomes LangChain4j's
 * schema, each property kept as raw JSON so no keyword is lost), the model's calls, and the results sent back —
 * images as images where the provider takes them, otherwise named in text.
 */
final class ModelTools {

    /** What a result with no text says, since some providers refuse empty tool messages. */
    static final String NO_OUTPUT = "(no output)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelTools() {}

    /** LangChain4j's specifications of the offered tools. */
    static List<ToolSpecification> specifications(List<ToolSpec> offered) {
        return offered.stream().map(ModelTools::specification).toList();
    }

    static ToolSpecification specification(ToolSpec spec) {
        JsonNode root = parse(spec.parametersSchemaJson())
                .filter(JsonNode::isObject)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the parameters of tool '" + spec.name() + "' are not a JSON object"));
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        if (root.path("description").isTextual()) {
            schema.description(root.get("description").asText());
        }
        schema.addProperties(raw(root.path("properties")));
        List<String> required = new ArrayList<>();
        root.path("required").forEach(name -> required.add(name.asText()));
        schema.required(required);
        if (root.path("additionalProperties").isBoolean()) {
            schema.additionalProperties(root.get("additionalProperties").asBoolean());
        }
        JsonNode definitions = root.has("$defs") ? root.get("$defs") : root.path("definitions");
        if (definitions.isObject() && !definitions.isEmpty()) {
            schema.definitions(raw(definitions));
        }
        return ToolSpecification.builder()
                .name(spec.name())
                .description(spec.description().isBlank() ? null : spec.description())
                .parameters(schema.build())
                .build();
    }

    private static Map<String, JsonSchemaElement> raw(JsonNode object) {
        Map<String, JsonSchemaElement> elements = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(
                    entry -> elements.put(entry.getKey(), JsonRawSchema.from(entry.getValue().toString())));
        }
        return elements;
    }

    /**
     * The engine's calls for the model's requests, with a fresh id where the provider gave none (Ollama) or reused
     * one already taken in this turn.
     */
    static List<ToolCall> calls(List<ToolExecutionRequest> requests, Set<String> usedIds) {
        List<ToolCall> calls = new ArrayList<>();
        for (ToolExecutionRequest request : requests) {
            String id = request.id();
            if (id == null || id.isBlank() || id.length() > ToolCall.MAX_ID_LENGTH || usedIds.contains(id)) {
                id = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            }
            usedIds.add(id);
            String name = request.name() == null || request.name().isBlank() ? "(unnamed)" : request.name();
            if (name.length() > ToolCall.MAX_ID_LENGTH) {
                name = name.substring(0, ToolCall.MAX_ID_LENGTH);
            }
            calls.add(new ToolCall(id, name, request.arguments() == null ? "" : request.arguments()));
        }
        return calls;
    }

    /** The model's reply as it goes back into the conversation, its tool requests carrying the calls' ids. */
    static AiMessage replyWithCalls(AiMessage reply, List<ToolCall> calls) {
        List<ToolExecutionRequest> requests = calls.stream().map(ModelTools::request).toList();
        if (requests.equals(reply.toolExecutionRequests())) {
            return reply;
        }
        return AiMessage.builder()
                .text(reply.text())
                .thinking(reply.thinking())
                .attributes(reply.attributes())
                .toolExecutionRequests(requests)
                .build();
    }

    /** A request as providers re-read it: some parse the arguments, so anything but a JSON object is sent as {@code {}}. */
    static ToolExecutionRequest request(ToolCall call) {
        String arguments = parse(call.argumentsJson()).filter(JsonNode::isObject).isPresent() ? call.argumentsJson() : "{}";
        return ToolExecutionRequest.builder().id(call.callId()).name(call.name()).arguments(arguments).build();
    }

    /**
     * The messages that answer the calls: one tool result per call, then — when a result is an image the provider
     * accepts — one user message showing the images, since LangChain4j's tool results carry text only.
     */
    static List<ChatMessage> resultMessages(List<ToolResult> results, Predicate<String> acceptsImage) {
        List<ChatMessage> messages = new ArrayList<>();
        List<Content> images = new ArrayList<>();
        for (ToolResult result : results) {
            String text = result.output().asText();
            if (result.output() instanceof ToolOutput.Image image && acceptsImage.test(image.contentType())) {
                text = "The tool returned an image (" + image.contentType() + "); it is shown in the next message.";
                images.add(TextContent.from("Image returned by the call " + result.callId() + " of " + result.name() + ":"));
                images.add(ImageContent.from(image.base64(), image.contentType()));
            }
            messages.add(resultMessage(result, text));
        }
        if (!images.isEmpty()) {
            messages.add(UserMessage.from(images));
        }
        return messages;
    }

    /** An earlier turn's call and result, as history; images are only named, to keep old screenshots out of the prompt. */
    static List<ChatMessage> historyMessages(ToolStep step) {
        return List.of(
                AiMessage.from(List.of(request(step.call()))),
                resultMessage(step.result(), step.result().output().asText()));
    }

    private static ToolExecutionResultMessage resultMessage(ToolResult result, String text) {
        return ToolExecutionResultMessage.builder()
                .id(result.callId())
                .toolName(result.name())
                .text(text.isEmpty() ? NO_OUTPUT : text)
                .isError(result.isError() ? Boolean.TRUE : null)
                .build();
    }

    /** Checks that the engine answered every call, in order. */
    static void requireAnswers(List<ToolCall> calls, List<ToolResult> results) {
        Objects.requireNonNull(results, "results");
        boolean matches = results.size() == calls.size();
        for (int i = 0; matches && i < calls.size(); i++) {
            matches = results.get(i).answers(calls.get(i));
        }
        if (!matches) {
            throw new IllegalStateException("the tools did not answer each of the " + calls.size() + " calls in order");
        }
    }

    private static Optional<JsonNode> parse(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
