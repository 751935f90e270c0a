package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import java.util.Optional;

/** Verifies bearer tokens. */
public interface AuthenticateUseCase {

    /** The caller a bearer token stands for; empty for a malformed, unknown or revoked token. */
    Optional<Caller> authenticate(String bearerToken);
}
