package dev.turnengine.domain.access;

import dev.turnengine.domain.InvalidInputException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A personal access token as the client holds it: {@code hq_pat_} and a random secret. Never stored. */
public record AccessToken(String secret) {

    public static final String PREFIX = "hq_pat_";
    private static final Pattern FORM = Pattern.compile("hq_pat_[A-Za-z0-9_-]{16,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public AccessToken {
        Objects.requireNonNull(secret, "secret");
        if (!FORM.matcher(secret).matches()) {
            throw new InvalidInputException("a token is hq_pat_ followed by 16-200 of [A-Za-z0-9_-]");
        }
    }

    /** A new token with 256 random bits. */
    public static AccessToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new AccessToken(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token written in {@code text}, or empty when it is not in token form. */
    public static Optional<AccessToken> parse(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new AccessToken(text)) : Optional.empty();
    }

    /** The hash under which the token is stored and looked up. */
    public TokenHash hash() {
        return TokenHash.of(secret);
    }

    @Override
    public String toString() {
        return "AccessToken[" + PREFIX + "…]";
    }
}
