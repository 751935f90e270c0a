package dev.turnengine.adapter.agent.langchain4j;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The end-user id sent to providers that take one (OpenAI {@code user}, Anthropic {@code metadata.user_id}):
 * a SHA-256 of the turn's identity JSON — stable per identity for the provider's abuse tracking, yet free of
 * the names and e-mail addresses providers ask not to receive.
 */
final class OpaqueIdentity {

    private OpaqueIdentity() {}

    static Optional<String> of(Optional<String> identityJson) {
        return identityJson.filter(json -> !json.isBlank()).map(OpaqueIdentity::sha256);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
