package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.tool.ToolOutput;
import java.util.Locale;

/**
 * The {@code data:} of a tool event on the stream: sequence, turn, type and {@code call_id}, then {@code tool_call}:
 * name, arguments, executor, requires_approval; {@code tool_decision}: decision, reason; {@code tool_result}: name,
 * output, is_error (an image result adds image_b64 and content_type). Arguments are the JSON object the model wrote;
 * when it wrote something else, {@code arguments} is {@code {}} and {@code arguments_text} holds what it wrote.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ToolEventJson(
        long seq, String turnId, String type, String callId, String name, JsonNode arguments, String argumentsText,
        String executor, Boolean requiresApproval, String decision, String reason, String output, String imageB64,
        String contentType, Boolean isError) {

    static ToolEventJson from(JournalEvent event, ToolEvent tool, ObjectMapper mapper) {
        long seq = event.seq();
        String turnId = event.turnId().toString();
        String type = tool.type();
        return switch (tool) {
            case ToolCallEvent call -> {
                JsonNode arguments = parse(call.call().argumentsJson(), mapper);
                yield new ToolEventJson(seq, turnId, type, call.callId(), call.call().name(),
                        arguments != null ? arguments : mapper.createObjectNode(),
                        arguments != null ? null : call.call().argumentsJson(),
                        call.executor().name().toLowerCase(Locale.ROOT), call.requiresApproval(), null, null, null,
                        null, null, null);
            }
            case ToolDecisionEvent decision -> new ToolEventJson(seq, turnId, type, decision.callId(), null, null, null,
                    null, null, decision.decision().wireName(), decision.decision().reason().orElse(null), null, null,
                    null, null);
            case ToolResultEvent result -> {
                ToolOutput output = result.result().output();
                ToolOutput.Image image = output instanceof ToolOutput.Image picture ? picture : null;
                yield new ToolEventJson(seq, turnId, type, result.callId(), result.result().name(), null, null, null,
                        null, null, null, output.asText(), image == null ? null : image.base64(),
                        image == null ? null : image.contentType(), result.result().isError());
            }
        };
    }

    /** The arguments as a JSON object, or null when the model wrote anything else. */
    private static JsonNode parse(String argumentsJson, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(argumentsJson);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
