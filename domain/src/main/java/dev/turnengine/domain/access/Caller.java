package dev.turnengine.domain.access;

import dev.turnengine.domain.conversation.TenantId;
import java.util.Objects;

/** Who is calling: the tenant a verified token belongs to, and that token (by hash). */
public record Caller(TenantId tenant, TokenHash token) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(token, "token");
    }
}
