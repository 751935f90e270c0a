package dev.turnengine.adapter.agent.langchain4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Server-sent events of the OpenAI chat-completions stream, as a fake provider sends them. */
final class OpenAiFrames {

    static final String CONTENT_TYPE = "text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiFrames() {}

    static String delta(String text) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("content", text);
        choice.putNull("finish_reason");
        return data(chunk.toString());
    }

    /** The first chunk of a tool call: its id and name, no arguments yet. */
    static String toolCallStart(int index, String id, String name) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode call = choice.putObject("delta").putArray("tool_calls").addObject();
        call.put("index", index).put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        choice.putNull("finish_reason");
        return data(chunk.toString());
    }

    /** A piece of a tool call's arguments, which the model streams as JSON text in fragments. */
    static String toolCallArguments(int index, String fragment) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode call = choice.putObject("delta").putArray("tool_calls").addObject();
        call.put("index", index);
        call.putObject("function").put("arguments", fragment);
        choice.putNull("finish_reason");
        return data(chunk.toString());
    }

    static String finish(String reason) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", reason);
        return data(chunk.toString());
    }

    static String usage(int prompt, int completion) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.putObject("usage")
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return data(chunk.toString());
    }

    static String done() {
        return data("[DONE]");
    }

    static String data(String payload) {
        return "data: " + payload + "\n\n";
    }

    private static ObjectNode chunk() {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-1");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000);
        chunk.put("model", "gpt-test");
        return chunk;
    }
}
