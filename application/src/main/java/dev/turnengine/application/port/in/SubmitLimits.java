package dev.turnengine.application.port.in;

/**
 * Size limits on a submitted message.
 *
 * @param maxBodyBytes enforced by the HTTP edge, which sees the raw body
 */
public record SubmitLimits(int maxTextChars, int maxAttachments, long maxAttachmentBytes, long maxBodyBytes) {

    public SubmitLimits {
        if (maxTextChars < 1 || maxAttachments < 0 || maxAttachmentBytes < 0 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 100,000 characters of text, 16 attachments of at most 10 MiB each, 32 MiB bodies. */
    public static SubmitLimits defaults() {
        return new SubmitLimits(100_000, 16, 10L * 1024 * 1024, 32L * 1024 * 1024);
    }
}
