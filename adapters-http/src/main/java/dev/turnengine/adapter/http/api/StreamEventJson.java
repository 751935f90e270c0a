package dev.turnengine.adapter.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.ToolEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;

/**
 * The {@code data:} of one event on the stream: its sequence, turn and type, then the fields of its
 * type ({@code turn_accepted}: text, source; {@code text_delta}: delta; {@code final}: status, text,
 * and error and usage when there are any). Fields a type does not have are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StreamEventJson(
        long seq, String turnId, String type, String text, String source, String delta, String status,
        ErrorJson error, UsageJson usage) {

    static StreamEventJson from(JournalEvent event) {
        long seq = event.seq();
        String turnId = event.turnId().toString();
        String type = event.event().type();
        return switch (event.event()) {
            case TurnAccepted accepted ->
                    new StreamEventJson(seq, turnId, type, accepted.text(), accepted.source(), null, null, null, null);
            case TurnStarted started -> new StreamEventJson(seq, turnId, type, null, null, null, null, null, null);
            case TextDelta delta -> new StreamEventJson(seq, turnId, type, null, null, delta.delta(), null, null, null);
            case ToolEvent tool -> throw new IllegalArgumentException("tool events are written as ToolEventJson");
            case TurnFinal ending -> new StreamEventJson(seq, turnId, type, ending.text(), null, null,
                    ending.status().wireName(), ending.error().map(ErrorJson::from).orElse(null),
                    ending.usage().map(UsageJson::from).orElse(null));
        };
    }
}
