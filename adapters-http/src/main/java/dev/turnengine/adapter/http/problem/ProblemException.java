package dev.turnengine.adapter.http.problem;

import io.micronaut.http.HttpStatus;
import java.util.Objects;

/** A request the adapter refuses before reaching a use case; answered as a problem by {@link Problems}. */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    public ProblemException(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
