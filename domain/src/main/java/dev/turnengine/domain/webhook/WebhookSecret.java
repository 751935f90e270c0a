package dev.turnengine.domain.webhook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** A tenant's webhook signing secret, written {@code whsec_<base64 of 24 to 64 random bytes>} (Standard Webhooks). */
public record WebhookSecret(String value) {

    public static final String PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;

    public WebhookSecret {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        int length;
        try {
            length = Base64.getDecoder().decode(value.substring(PREFIX.length())).length;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is base64 after " + PREFIX, e);
        }
        if (length < 24 || length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes");
        }
    }

    /** A new secret of 32 random bytes. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** The HMAC key: the bytes the base64 after the prefix encodes. */
    public byte[] key() {
        return Base64.getDecoder().decode(value.substring(PREFIX.length()));
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
