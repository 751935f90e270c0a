package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.ConversationId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The listing's opaque cursor: URL-safe base64 (no padding) of {@code <seconds>.<nanos>:<conversation id>},
 * the activity time and id of the last conversation a page showed. Anything else is a 400.
 */
final class ActivityCursors {

    private static final int MAX_LENGTH = 128;

    private ActivityCursors() {
    }

    static String encode(ActivityCursor cursor) {
        String plain = cursor.lastActivityAt().getEpochSecond() + "." + cursor.lastActivityAt().getNano() + ":"
                + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<ActivityCursor> decode(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (text.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = plain.indexOf(':');
            int dot = plain.indexOf('.');
            if (dot < 1 || colon < dot) {
                throw new IllegalArgumentException("malformed");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(plain.substring(0, dot)),
                    Long.parseLong(plain.substring(dot + 1, colon)));
            ConversationId id = ConversationId.parse(plain.substring(colon + 1))
                    .orElseThrow(() -> new IllegalArgumentException("no id"));
            return Optional.of(new ActivityCursor(at, id));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("'cursor' must be a next_cursor this API returned.");
        }
    }
}
