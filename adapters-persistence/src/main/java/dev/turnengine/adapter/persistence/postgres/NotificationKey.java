package dev.turnengine.adapter.persistence.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the events nodes send each other in notifications. Any database role that can connect may
 * {@code NOTIFY} on the engine's channels, so a node delivers events from a notification to its streams only
 * when they carry the signature made with the schema's secret, which only the engine's role can read; anything
 * else counts as a bare announcement and is read from the journal.
 */
final class NotificationKey {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    /** Signing happens on the notifier's thread and checking on the listener's: one instance each. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    NotificationKey(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The schema's secret: made by the first node that starts on it, read by every other. */
    static NotificationKey load(Jdbc jdbc) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String secret = jdbc.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO notification_key (secret) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, Base64.getEncoder().encodeToString(fresh));
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM notification_key");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
        return new NotificationKey(Base64.getDecoder().decode(secret));
    }

    /** The signature of {@code text}, in unpadded URL-safe base64 (43 characters). */
    String sign(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code signature} is that of {@code text}; compared in constant time. */
    boolean verifies(String text, String signature) {
        Optional<byte[]> given;
        try {
            given = Optional.of(Base64.getUrlDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            given = Optional.empty();
        }
        return given.isPresent()
                && MessageDigest.isEqual(mac().doFinal(text.getBytes(StandardCharsets.UTF_8)), given.get());
    }

    /** This thread's HMAC instance, made once (looking one up costs more than signing a message). */
    private Mac mac() {
        Mac mac = macs.get();
        mac.reset();
        return mac;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
