package dev.turnengine.adapter.persistence.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.tool.BrowserResult;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.tool.ToolOutput;
import dev.turnengine.domain.tool.ToolResult;
import java.util.Locale;
import java.util.Optional;

/**
 * The stored JSON of tool events and of the answers a call took. A call's arguments are kept as the text the model
 * wrote (a string field), so even malformed arguments read back exactly.
 */
final class ToolJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ToolJson() {
    }

    static void write(ToolEvent event, ObjectNode node) {
        node.put("call_id", event.callId());
        switch (event) {
            case ToolCallEvent call -> {
                node.put("name", call.call().name());
                node.put("arguments_json", call.call().argumentsJson());
                node.put("executor", call.executor().name().toLowerCase(Locale.ROOT));
                node.put("requires_approval", call.requiresApproval());
            }
            case ToolDecisionEvent decision -> node.setAll(decision(decision.decision()));
            case ToolResultEvent result -> {
                node.put("name", result.result().name());
                output(result.result().output(), node);
                node.put("is_error", result.result().isError());
            }
        }
    }

    static ToolEvent read(String type, JsonNode node) {
        String callId = node.get("call_id").asText();
        return switch (type) {
            case "tool_call" -> new ToolCallEvent(new ToolCall(callId, node.get("name").asText(),
                    node.get("arguments_json").asText()), executor(node.get("executor").asText()),
                    node.get("requires_approval").asBoolean());
            case "tool_decision" -> new ToolDecisionEvent(callId, decision(node));
            case "tool_result" -> new ToolResultEvent(new ToolResult(callId, node.get("name").asText(), output(node),
                    node.get("is_error").asBoolean()));
            default -> throw new IllegalStateException("not a tool event: " + type);
        };
    }

    static ObjectNode decision(ToolDecision decision) {
        ObjectNode node = NODES.objectNode();
        node.put("decision", decision.wireName());
        decision.reason().ifPresent(reason -> node.put("reason", reason));
        return node;
    }

    static ToolDecision decision(JsonNode node) {
        Optional<String> reason = node.hasNonNull("reason") ? Optional.of(node.get("reason").asText()) : Optional.empty();
        return new ToolDecision(node.get("decision").asText().equals("approve"), reason);
    }

    static ObjectNode browserResult(BrowserResult result) {
        ObjectNode node = NODES.objectNode();
        output(result.output(), node);
        node.put("is_error", result.isError());
        return node;
    }

    static BrowserResult browserResult(JsonNode node) {
        return new BrowserResult(output(node), node.get("is_error").asBoolean());
    }

    static ToolExecutor executor(String stored) {
        return ToolExecutor.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    private static void output(ToolOutput output, ObjectNode node) {
        switch (output) {
            case ToolOutput.Text text -> node.put("output", text.text());
            case ToolOutput.Image image -> {
                node.put("image_b64", image.base64());
                node.put("content_type", image.contentType());
            }
        }
    }

    private static ToolOutput output(JsonNode node) {
        return node.hasNonNull("image_b64")
                ? new ToolOutput.Image(node.get("image_b64").asText(), node.get("content_type").asText())
                : new ToolOutput.Text(node.get("output").asText());
    }
}
