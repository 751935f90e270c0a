package dev.turnengine.adapter.http.api;

import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.tool.ToolCallRecord;
import java.time.Instant;
import java.util.List;

/**
 * A turn as stored, for clients that lost their stream; absent values are null.
 *
 * @param userText what the user sent
 * @param replyText the agent's reply as the engine reports it; the whole reply once the turn has ended
 * @param acceptedSeq the stream sequence of the turn's {@code turn_accepted} event
 * @param waitingFor while the turn waits for an outside answer: {@code approval} or {@code browser}; else null
 * @param pendingToolCalls the tool calls that wait, with what each waits for; empty when none does
 */
record TurnJson(
        String turnId, String conversationId, String status, String userText, String replyText, String source,
        boolean browserSession, int attachments, long acceptedSeq, String acceptedAt, String startedAt,
        String finishedAt, ErrorJson error, UsageJson usage, String streamUrl, String waitingFor,
        List<PendingToolCallJson> pendingToolCalls) {

    static TurnJson from(Turn turn) {
        return from(turn, List.of());
    }

    static TurnJson from(Turn turn, List<ToolCallRecord> waitingCalls) {
        List<PendingToolCallJson> pending = PendingToolCallJson.from(waitingCalls);
        return new TurnJson(
                turn.id().toString(),
                turn.conversationId().toString(),
                turn.status().wireName(),
                turn.message().text(),
                turn.replyText(),
                turn.source(),
                turn.message().browserSession(),
                turn.message().attachments().size(),
                turn.acceptedSeq(),
                turn.acceptedAt().toString(),
                turn.startedAt().map(Instant::toString).orElse(null),
                turn.finishedAt().map(Instant::toString).orElse(null),
                turn.error().map(ErrorJson::from).orElse(null),
                turn.usage().map(UsageJson::from).orElse(null),
                ApiPaths.turnStream(turn),
                PendingToolCallJson.waitingFor(pending),
                pending);
    }
}
