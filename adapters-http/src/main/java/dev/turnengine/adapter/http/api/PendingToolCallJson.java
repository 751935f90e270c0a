package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.tool.ToolCallRecord;
import java.util.List;

/**
 * A tool call that waits for an outside answer.
 *
 * @param waitingFor {@code approval} (a person's decision) or {@code browser} (the browser's result)
 */
record PendingToolCallJson(String callId, String name, String waitingFor) {

    static List<PendingToolCallJson> from(List<ToolCallRecord> calls) {
        return calls.stream().filter(call -> call.waitingFor().isPresent())
                .map(call -> new PendingToolCallJson(call.callId(), call.name(), call.waitingFor().get().wireName()))
                .toList();
    }

    /** What a turn with these pending calls waits for: {@code approval} if any call does, else {@code browser}, else null. */
    static String waitingFor(List<PendingToolCallJson> pending) {
        if (pending.stream().anyMatch(call -> call.waitingFor().equals("approval"))) {
            return "approval";
        }
        return pending.isEmpty() ? null : pending.getFirst().waitingFor();
    }
}
