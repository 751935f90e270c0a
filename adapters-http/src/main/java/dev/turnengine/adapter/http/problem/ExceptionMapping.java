package dev.turnengine.adapter.http.problem;

import dev.turnengine.domain.InvalidInputException;
import dev.turnengine.domain.port.StorageUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions that escape the routes to problems: the adapter's own rejections, storage outages
 * (503, retry with the same key) and client values the domain declares invalid ({@link InvalidInputException},
 * 400); anything else, any other {@link IllegalArgumentException} included, is a bug: logged, 500.
 */
@Singleton
final class ExceptionMapping implements ExceptionHandler<RuntimeException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMapping.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        return switch (exception) {
            case ProblemException rejection -> Problems.of(rejection);
            case StorageUnavailableException outage -> {
                LOG.warn("{} {}: storage unavailable: {}", request.getMethod(), request.getPath(), outage.getMessage());
                yield Problems.storageUnavailable();
            }
            case InvalidInputException refused -> Problems.of(HttpStatus.BAD_REQUEST,
                    Problems.INVALID_REQUEST, String.valueOf(refused.getMessage()));
            default -> {
                LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
                yield Problems.forStatus(HttpStatus.INTERNAL_SERVER_ERROR, "");
            }
        };
    }
}
