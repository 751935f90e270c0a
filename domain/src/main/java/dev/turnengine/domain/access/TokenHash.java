package dev.turnengine.domain.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 of a token's secret: what storage keeps. Tokens carry 256 random bits, so a fast hash is
 * enough; a slow password hash would add nothing but latency to every request.
 */
public record TokenHash(String sha256Hex) {

    public TokenHash {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a token hash is 64 lower-case hexadecimal digits");
        }
    }

    static TokenHash of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new TokenHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Compares in time independent of where the hashes differ. */
    public boolean matches(TokenHash other) {
        return MessageDigest.isEqual(
                sha256Hex.getBytes(StandardCharsets.US_ASCII), other.sha256Hex.getBytes(StandardCharsets.US_ASCII));
    }

    /** A short, non-secret label for logs and presence: the first 12 hex digits. */
    public String label() {
        return sha256Hex.substring(0, 12);
    }
}
