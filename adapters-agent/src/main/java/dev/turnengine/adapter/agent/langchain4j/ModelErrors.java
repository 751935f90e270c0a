package dev.turnengine.adapter.agent.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.turnengine.domain.agent.AgentException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Turns what went wrong talking to a model into an {@link AgentException} with a code and a message people can act on. */
final class ModelErrors {

    static final String AUTH_FAILED = "model_auth_failed";
    static final String RATE_LIMITED = "model_rate_limited";
    static final String UNAVAILABLE = "model_unavailable";
    static final String TIMEOUT = "model_timeout";
    static final String BAD_RESPONSE = "model_bad_response";
    static final String ERROR = "model_error";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL_LENGTH = 300;

    private final String provider;
    private final String endpoint;

    /**
     * @param provider how messages name the provider
     * @param endpoint the base URL, named when it cannot be reached
     */
    ModelErrors(String provider, String endpoint) {
        this.provider = provider;
        this.endpoint = endpoint;
    }

    /** The failure LangChain4j or the HTTP client reported. */
    AgentException map(Throwable failure) {
        Optional<HttpException> http = find(failure, HttpException.class);
        if (http.isPresent()) {
            return fromStatus(http.get().statusCode(), detail(http.get().getMessage()), failure);
        }
        if (find(failure, HttpConnectTimeoutException.class).isPresent()
                || find(failure, ConnectException.class).isPresent()
                || find(failure, UnknownHostException.class).isPresent()
                || find(failure, NoRouteToHostException.class).isPresent()
                || find(failure, UnresolvedAddressException.class).isPresent()
                || find(failure, UnresolvedModelServerException.class).isPresent()) {
            return new AgentException(UNAVAILABLE, "Cannot reach the " + provider + " at " + endpoint
                    + "; check that it is running and the base URL is right.", failure);
        }
        if (find(failure, TimeoutException.class).isPresent() || find(failure, HttpTimeoutException.class).isPresent()) {
            return new AgentException(TIMEOUT, "The " + provider + " did not answer in time; try again.", failure);
        }
        if (find(failure, JsonProcessingException.class).isPresent()) {
            return new AgentException(BAD_RESPONSE, "The " + provider
                    + " sent a reply that could not be read; check that the base URL points to a compatible API.", failure);
        }
        if (find(failure, IOException.class).isPresent()) {
            return new AgentException(UNAVAILABLE, "The connection to the " + provider
                    + " broke off before the reply was complete; try again.", failure);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : detail(failure.getMessage());
        return new AgentException(streamErrorCode(failure.getMessage()), "The " + provider + " failed: " + message, failure);
    }

    /** Providers report errors inside a running stream as JSON with a type, e.g. Anthropic's {@code overloaded_error}. */
    private static String streamErrorCode(String body) {
        String type = parse(body).flatMap(root -> textAt(root, "error", "type")).orElse("");
        return switch (type) {
            case "authentication_error", "permission_error" -> AUTH_FAILED;
            case "rate_limit_error", "rate_limit_exceeded" -> RATE_LIMITED;
            case "overloaded_error", "api_error", "server_error" -> UNAVAILABLE;
            case "timeout_error" -> TIMEOUT;
            default -> ERROR;
        };
    }

    private static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(text.strip()));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The model went silent for longer than the timeout. */
    AgentException stalled(Duration timeout) {
        return new AgentException(TIMEOUT, "The " + provider + " sent nothing for " + timeout.toSeconds()
                + " s; the request was abandoned. Try again, or raise TURNS_MODEL_TIMEOUT_SECONDS.");
    }

    /** The stream ended without the provider's end-of-reply marker. */
    AgentException incomplete() {
        return new AgentException(BAD_RESPONSE, "The " + provider
                + " ended its stream before the reply was complete; try again.");
    }

    private AgentException fromStatus(int status, String detail, Throwable cause) {
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        if (status == 401 || status == 403) {
            return new AgentException(AUTH_FAILED, "The " + provider + " refused the credentials (HTTP " + status + ")"
                    + suffix + ". Check the configured API key.", cause);
        }
        if (status == 429) {
            return new AgentException(RATE_LIMITED, "The " + provider + " is rate limiting requests (HTTP 429)" + suffix
                    + ". Wait a moment and try again, or check the account's quota.", cause);
        }
        if (status == 408) {
            return new AgentException(TIMEOUT, "The " + provider + " timed out (HTTP 408)" + suffix + ". Try again.", cause);
        }
        if (status >= 500) {
            return new AgentException(UNAVAILABLE, "The " + provider + " is unavailable (HTTP " + status + ")" + suffix
                    + ". Try again later.", cause);
        }
        if (status == 404) {
            return new AgentException(ERROR, "The " + provider + " answered 404 Not Found" + suffix
                    + ". Check the model name and the base URL.", cause);
        }
        return new AgentException(ERROR, "The " + provider + " rejected the request (HTTP " + status + ")" + suffix + ".",
                cause);
    }

    /** The provider's own error message when its body is the usual JSON, else the body's start. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = parse(body)
                .flatMap(root -> textAt(root, "error", "message")
                        .or(() -> textAt(root, "message"))
                        .or(() -> textAt(root, "error")))
                .orElse(body.strip());
        text = text.replaceAll("\\s+", " ");
        return text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
    }

    private static Optional<String> textAt(JsonNode root, String... path) {
        JsonNode node = root;
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(name);
        }
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
