package dev.turnengine.domain.conversation;

import dev.turnengine.domain.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The owner of conversations and tokens; nothing of one tenant is visible to another. */
public record TenantId(String value) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public TenantId {
        Objects.requireNonNull(value, "value");
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInputException(
                    "a tenant name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** The tenant the bootstrap token belongs to. */
    public static TenantId defaultTenant() {
        return new TenantId("default");
    }

    @Override
    public String toString() {
        return value;
    }
}
