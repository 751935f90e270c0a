package dev.turnengine.domain.idempotency;

import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.UserMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A digest of what makes two submits "the same": text, attachments, browser_session, turn_source and
 * on_busy. Identity claims are left out on purpose: they describe the caller, not the message.
 */
public record Fingerprint(String sha256Hex) {

    public Fingerprint {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a fingerprint is 64 lower-case hexadecimal digits");
        }
    }

    /** The fingerprint of a submit. */
    public static Fingerprint of(UserMessage message, String source, BusyPolicy onBusy) {
        MessageDigest digest = sha256();
        field(digest, message.text());
        field(digest, Integer.toString(message.attachments().size()));
        for (Attachment attachment : message.attachments()) {
            field(digest, attachment.contentType());
            optional(digest, attachment.dataBase64());
            optional(digest, attachment.documentId().map(Object::toString));
            optional(digest, attachment.filename());
        }
        field(digest, Boolean.toString(message.browserSession()));
        field(digest, source);
        field(digest, onBusy.wireName());
        return new Fingerprint(HexFormat.of().formatHex(digest.digest()));
    }

    private static void optional(MessageDigest digest, Optional<String> value) {
        field(digest, value.isPresent() ? "1" : "0");
        value.ifPresent(v -> field(digest, v));
    }

    /** Length-prefixed, so that no two different field lists can hash alike by shifting a boundary. */
    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
