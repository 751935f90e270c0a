package dev.turnengine.adapter.http.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnengine.adapter.http.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request body (or a part of one) that is a JSON object, read field by field with the types the
 * contract gives them. A field that is absent or {@code null} counts as not sent; a field of the wrong
 * type is a 400 naming it. Unknown fields are ignored.
 */
public final class JsonBody {

    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The body, which must be a JSON object. */
    public static JsonBody of(JsonNode root) {
        if (!(root instanceof ObjectNode object)) {
            throw ProblemException.invalid("The body must be a JSON object.");
        }
        return new JsonBody(object, "");
    }

    /** An empty object, for bodies that may be left out. */
    public static JsonBody empty(ObjectNode empty) {
        return new JsonBody(empty, "");
    }

    public Optional<String> string(String field) {
        return present(field).map(value -> {
            if (!value.isTextual()) {
                throw wrongType(field, "a string");
            }
            return value.textValue();
        });
    }

    public Optional<Boolean> bool(String field) {
        return present(field).map(value -> {
            if (!value.isBoolean()) {
                throw wrongType(field, "true or false");
            }
            return value.booleanValue();
        });
    }

    /** Any JSON value; absent or {@code null} is empty. */
    public Optional<JsonNode> any(String field) {
        return present(field);
    }

    /** An array whose elements are objects; absent or {@code null} is an empty list. */
    public List<JsonBody> objects(String field) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw wrongType(field, "an array of objects");
        }
        List<JsonBody> elements = new ArrayList<>(value.get().size());
        for (int i = 0; i < value.get().size(); i++) {
            if (!(value.get().get(i) instanceof ObjectNode element)) {
                throw wrongType(field + "[" + i + "]", "an object");
            }
            elements.add(new JsonBody(element, name(field) + "[" + i + "]."));
        }
        return elements;
    }

    private Optional<JsonNode> present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private ProblemException wrongType(String field, String expected) {
        return ProblemException.invalid("'" + name(field) + "' must be " + expected + ".");
    }

    private String name(String field) {
        return path + field;
    }
}
