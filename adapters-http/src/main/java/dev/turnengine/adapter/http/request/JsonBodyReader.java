package dev.turnengine.adapter.http.request;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.adapter.http.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads request bodies as JSON trees: checks the media type (415), parses strictly (400 for anything
 * that is not exactly one JSON value, for duplicate keys and for strings that are not valid Unicode) and
 * leaves the typing of fields to {@link JsonBody}.
 */
@Singleton
public final class JsonBodyReader {

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    JsonBodyReader(ObjectMapper mapper) {
        this.mapper = mapper;
        // A duplicate key is refused: another parser in front of this one could have read the other value.
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** The body as an object; it must be sent, as {@code application/json}. */
    public JsonBody required(HttpRequest<?> request, @Nullable byte[] body) {
        requireJson(request);
        return JsonBody.of(parse(body == null ? new byte[0] : body));
    }

    /** The body as an object, or an empty object when no body was sent. */
    public JsonBody optional(HttpRequest<?> request, @Nullable byte[] body) {
        if (body == null || body.length == 0) {
            return JsonBody.empty(mapper.createObjectNode());
        }
        return required(request, body);
    }

    /** A JSON value written back as compact JSON text. */
    public String write(JsonNode value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ProblemException.invalid("The body is empty; send a JSON object.");
        }
        try {
            JsonNode root = reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw ProblemException.invalid("The body is empty; send a JSON object.");
            }
            WellFormedText.check(root);
            return root;
        } catch (StreamConstraintsException e) {
            // An over-long string can only be an over-long text or attachment; deep nesting or huge numbers are just bad.
            if (String.valueOf(e.getOriginalMessage()).startsWith("String value length")) {
                throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                        "A string in the body is longer than any text or attachment may be.");
            }
            throw ProblemException.invalid("The body is not acceptable JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw ProblemException.invalid("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.invalid("The body could not be read as JSON.");
        }
    }

    private static void requireJson(HttpRequest<?> request) {
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
        if (!json) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json"
                            + (contentType == null ? "." : ", not " + abbreviate(contentType) + "."));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
