package dev.turnengine.adapter.http.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Answers the errors the framework produces itself (unknown route, wrong method, oversized body,
 * unreadable request) with the same problem documents as the API's own errors.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemJson> {

    private final String tooLarge;

    ProblemErrorResponseProcessor(HttpServerConfiguration server) {
        this.tooLarge = "The body is larger than " + server.getMaxRequestSize() + " bytes.";
    }

    @Override
    public MutableHttpResponse<ProblemJson> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String detail = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? tooLarge : context.getErrors().stream()
                .map(Error::getMessage)
                .filter(message -> message != null && !message.isBlank())
                .findFirst()
                .orElse(status.getReason());
        MutableHttpResponse<ProblemJson> problem = Problems.forStatus(status, detail);
        base.getHeaders().forEach((name, values) -> {
            if (!problem.getHeaders().contains(name)) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem;
    }
}
