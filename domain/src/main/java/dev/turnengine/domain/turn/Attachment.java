package dev.turnengine.domain.turn;

import dev.turnengine.domain.InvalidInputException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A file sent with a message: inline bytes (base64, as on the wire) or a reference to a stored document.
 *
 * @param dataBase64 the bytes in standard base64; validated, so {@link #data()} cannot fail
 */
public record Attachment(
        String contentType, Optional<String> dataBase64, Optional<UUID> documentId, Optional<String> filename) {

    public Attachment {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(dataBase64, "dataBase64");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(filename, "filename");
        if (contentType.isBlank() || contentType.length() > 255) {
            throw new InvalidInputException("content_type must be 1-255 characters");
        }
        if (dataBase64.isEmpty() && documentId.isEmpty()) {
            throw new InvalidInputException("an attachment needs data_b64 or document_id");
        }
        if (filename.isPresent() && filename.get().length() > 1024) {
            throw new InvalidInputException("filename is at most 1024 characters");
        }
        dataBase64.ifPresent(Attachment::requireBase64);
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

    /** Size of the decoded bytes, computed without decoding them. */
    public long decodedSize() {
        return dataBase64.map(Attachment::decodedLength).orElse(0L);
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
