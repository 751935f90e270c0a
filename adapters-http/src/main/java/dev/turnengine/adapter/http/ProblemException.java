package dev.turnengine.adapter.http;

import io.micronaut.http.HttpStatus;
import java.util.Objects;

/** A request the adapter refuses before reaching a use case; answered as a problem by {@link Problems}. */
final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    ProblemException(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_REQUEST, detail);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
