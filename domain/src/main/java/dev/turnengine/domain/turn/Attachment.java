package dev.turnengine.domain.turn;

import dev.turnengine.domain.InvalidInputException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A file sent with a message: inline bytes (base64, as on the wire) or a reference to a stored document.
 * Storage may leave inline bytes where they are when only the message's text and metadata are needed
 * (turn lists, history): such an attachment is {@linkplain #isUnloaded() unloaded} and knows its size only.
 *
 * @param dataBase64 the bytes in standard base64; validated, so {@link #data()} cannot fail
 * @param unloadedBytes the size of inline bytes that were not loaded; empty when they are here or there are none
 */
public record Attachment(
        String contentType, Optional<String> dataBase64, Optional<UUID> documentId, Optional<String> filename,
        OptionalLong unloadedBytes) {

    public Attachment {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(dataBase64, "dataBase64");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(unloadedBytes, "unloadedBytes");
        if (contentType.isBlank() || contentType.length() > 255) {
            throw new InvalidInputException("content_type must be 1-255 characters");
        }
        if (unloadedBytes.isPresent() && (dataBase64.isPresent() || unloadedBytes.getAsLong() < 0)) {
            throw new IllegalArgumentException("an unloaded attachment has a size and no data");
        }
        if (dataBase64.isEmpty() && documentId.isEmpty() && unloadedBytes.isEmpty()) {
            throw new InvalidInputException("an attachment needs data_b64 or document_id");
        }
        if (filename.isPresent() && filename.get().length() > 1024) {
            throw new InvalidInputException("filename is at most 1024 characters");
        }
        dataBase64.ifPresent(Attachment::requireBase64);
    }

    /** An attachment as sent, with its inline bytes (if any) here. */
    public Attachment(
            String contentType, Optional<String> dataBase64, Optional<UUID> documentId, Optional<String> filename) {
        this(contentType, dataBase64, documentId, filename, OptionalLong.empty());
    }

    /** This attachment without its inline bytes, which stay in storage; it keeps their size. */
    public Attachment unloaded() {
        return dataBase64.isEmpty() ? this
                : new Attachment(contentType, Optional.empty(), documentId, filename, OptionalLong.of(decodedSize()));
    }

    /** This attachment with its inline bytes back, as read from storage. */
    public Attachment withData(String base64) {
        return new Attachment(contentType, Optional.of(base64), documentId, filename, OptionalLong.empty());
    }

    /** Whether inline bytes belong to this attachment but were not loaded with it. */
    public boolean isUnloaded() {
        return unloadedBytes.isPresent();
    }

    private static void requireBase64(String data) {
        try {
            Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("data_b64 is not valid base64", e);
        }
    }

    /** The decoded bytes, when the attachment carries them inline. */
    public Optional<byte[]> data() {
        return dataBase64.map(Base64.getDecoder()::decode);
    }

    /** Size of the decoded bytes, computed without decoding them (for an unloaded attachment: as it was stored). */
    public long decodedSize() {
        return dataBase64.map(Attachment::decodedLength).orElse(unloadedBytes.orElse(0L));
    }

    private static long decodedLength(String base64) {
        int length = base64.length();
        int padding = 0;
        if (length > 0 && base64.charAt(length - 1) == '=') {
            padding++;
            if (length > 1 && base64.charAt(length - 2) == '=') {
                padding++;
            }
        }
        long unpadded = length - padding;
        return unpadded * 3 / 4;
    }
}
