package dev.turnengine.adapter.http.server;

import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.application.port.in.AuthenticateUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.port.StorageUnavailableException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lets a request into the API only with {@code Authorization: Bearer hq_pat_…} naming an active token,
 * and hands the routes the {@link Caller} it stands for. Health and the chat page are outside {@code /v1}.
 */
@ServerFilter("/v1/**")
public final class BearerAuthFilter {

    /** The request attribute holding the authenticated {@link Caller}. */
    public static final String CALLER = "turn-engine.caller";

    /** The one route under {@code /v1} that needs no token: the API's own description. */
    static final String OPENAPI_DOCUMENT = "/v1/openapi.json";
    private static final String SCHEME = "bearer ";
    private static final int MAX_HEADER_LENGTH = 1024;

    private final AuthenticateUseCase authenticate;
    private final SharedCallers callers = new SharedCallers();

    BearerAuthFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> requireToken(HttpRequest<?> request) {
        if (request.getPath().equals(OPENAPI_DOCUMENT)) {
            return null;
        }
        Optional<Caller> caller;
        try {
            caller = bearerToken(request.getHeaders().getAll(HttpHeaders.AUTHORIZATION))
                    .flatMap(authenticate::authenticate);
        } catch (StorageUnavailableException e) {
            return Problems.storageUnavailable();
        }
        if (caller.isEmpty()) {
            return Problems.unauthorized();
        }
        request.setAttribute(CALLER, callers.shared(caller.get()));
        return null;
    }

    /** The token of the single {@code Bearer} credential; empty for none, several, or another scheme. */
    private static Optional<String> bearerToken(List<String> headers) {
        if (headers.size() != 1) {
            return Optional.empty();
        }
        String header = headers.getFirst().strip();
        if (header.length() > MAX_HEADER_LENGTH || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
