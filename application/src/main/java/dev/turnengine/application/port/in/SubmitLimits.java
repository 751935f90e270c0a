package dev.turnengine.application.port.in;

/**
 * Size limits on a submitted message.
 *
 * @param maxBodyBytes enforced by the HTTP edge, which sees the raw body
 * @param maxIdentityBytes the longest {@code identity}, counted in UTF-8 bytes of its compact JSON
 */
public record SubmitLimits(
        int maxTextChars, int maxAttachments, long maxAttachmentBytes, long maxBodyBytes, int maxIdentityBytes) {

    /** 64 KiB of identity JSON. */
    public static final int DEFAULT_MAX_IDENTITY_BYTES = 64 * 1024;

    public SubmitLimits {
        if (maxTextChars < 1 || maxAttachments < 0 || maxAttachmentBytes < 0 || maxBodyBytes < 1 || maxIdentityBytes < 2) {
            throw new IllegalArgumentException("limits must be positive (an identity takes at least 2 bytes)");
        }
    }

    /** These limits with the default identity limit. */
    public SubmitLimits(int maxTextChars, int maxAttachments, long maxAttachmentBytes, long maxBodyBytes) {
        this(maxTextChars, maxAttachments, maxAttachmentBytes, maxBodyBytes, DEFAULT_MAX_IDENTITY_BYTES);
    }

    /** 100,000 characters of text, 16 attachments of at most 10 MiB each, 32 MiB bodies, 64 KiB of identity. */
    public static SubmitLimits defaults() {
        return new SubmitLimits(100_000, 16, 10L * 1024 * 1024, 32L * 1024 * 1024, DEFAULT_MAX_IDENTITY_BYTES);
    }

    public SubmitLimits withMaxIdentityBytes(int value) {
        return new SubmitLimits(maxTextChars, maxAttachments, maxAttachmentBytes, maxBodyBytes, value);
    }
}
