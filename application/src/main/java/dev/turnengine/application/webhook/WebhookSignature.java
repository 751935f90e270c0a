package dev.turnengine.application.webhook;

import dev.turnengine.domain.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} and the base64 HMAC-SHA256, keyed with the secret's bytes,
 * of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value for this message. */
    public static String sign(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether one of the space-separated signatures in {@code header} is this message's (compared in constant time). */
    public static boolean verify(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body,
            String header) {
        byte[] expected = sign(secret, webhookId, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : header.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
