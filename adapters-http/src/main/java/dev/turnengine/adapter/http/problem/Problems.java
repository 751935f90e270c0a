package dev.turnengine.adapter.http.problem;

import dev.turnengine.application.port.in.Refusal;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.Locale;

/**
 * The one place where refusals, adapter-level rejections and failures become RFC 9457 problem responses
 * with the contract's codes.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String NOT_FOUND = "not_found";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String STORAGE_UNAVAILABLE = "storage_unavailable";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String REQUEST_HEADER_TOO_LARGE = "request_header_too_large";
    public static final String URI_TOO_LONG = "uri_too_long";
    public static final String REQUEST_TIMEOUT = "request_timeout";
    public static final String SERVER_BUSY = "server_busy";
    /** In-memory storage's attachment budget is used up (507); the code of {@code Refusal.Reason.INSUFFICIENT_STORAGE}. */
    public static final String INSUFFICIENT_STORAGE = "insufficient_storage";
    public static final String SHUTTING_DOWN = "shutting_down";
    public static final String TOOL_CALL_NOT_PENDING = "tool_call_not_pending";

    private static final String TYPE_PREFIX = "urn:turn-engine:problem:";

    private Problems() {
    }

    /** The response for a use case's refusal. */
    public static MutableHttpResponse<ProblemJson> of(Refusal refusal) {
        HttpStatus status = switch (refusal.reason()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
            case PAYLOAD_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case CONVERSATION_BUSY, BROWSER_NOT_CONNECTED -> HttpStatus.CONFLICT;
            case IDEMPOTENCY_KEY_REUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case INSUFFICIENT_STORAGE -> HttpStatus.INSUFFICIENT_STORAGE;
        };
        MutableHttpResponse<ProblemJson> response = of(status, refusal.reason().code(), refusal.detail());
        return refusal.reason() == Refusal.Reason.INSUFFICIENT_STORAGE
                ? response.header(HttpHeaders.RETRY_AFTER, "5") : response;
    }

    /** The response for a rejection the adapter made itself. */
    public static MutableHttpResponse<ProblemJson> of(ProblemException rejection) {
        return of(rejection.status(), rejection.code(), rejection.getMessage());
    }

    /** A missing, malformed, unknown or revoked token; tells the client which scheme to use. */
    public static MutableHttpResponse<ProblemJson> unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Send a valid personal access token as 'Authorization: Bearer hq_pat_…'.")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /** A conversation or turn the caller cannot see, whether absent or another tenant's. */
    public static MutableHttpResponse<ProblemJson> notFound(String what) {
        return of(HttpStatus.NOT_FOUND, NOT_FOUND, "No " + what + " with that id.");
    }

    /** Storage did not answer; nothing was written and the request may be retried as is. */
    public static MutableHttpResponse<ProblemJson> storageUnavailable() {
        return of(HttpStatus.SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE,
                "Storage is unreachable right now; nothing was changed. Retry later (with the same idempotency key).")
                .header(HttpHeaders.RETRY_AFTER, "1");
    }

    /** An error the framework produced (unknown route, wrong method, oversized body …), by its status. */
    public static MutableHttpResponse<ProblemJson> forStatus(HttpStatus status, String detail) {
        String code = switch (status) {
            case BAD_REQUEST -> INVALID_REQUEST;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case NOT_FOUND -> NOT_FOUND;
            case REQUEST_ENTITY_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> UNSUPPORTED_MEDIA_TYPE;
            case INTERNAL_SERVER_ERROR -> INTERNAL_ERROR;
            default -> status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        };
        String safeDetail = status.getCode() >= 500 ? "The server could not complete the request." : detail;
        return of(status, code, safeDetail);
    }

    public static MutableHttpResponse<ProblemJson> of(HttpStatus status, String code, String detail) {
        return HttpResponse.<ProblemJson>status(status).contentType(PROBLEM_JSON).body(document(status.getCode(), code, detail));
    }

    /** The problem document itself, also for answers written below the framework (the connection guards of the server package). */
    public static ProblemJson document(int status, String code, String detail) {
        return new ProblemJson(TYPE_PREFIX + code, title(code), status, detail, code);
    }

    /** "conversation_busy" becomes "Conversation busy". */
    private static String title(String code) {
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
