package dev.turnengine.adapter.http.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/openapi.json}, without auth: the OpenAPI 3.1 document of every route, request and response
 * schema, problem code and event type, kept true by a test that walks it against the running server.
 */
@Controller(OpenApiController.PATH)
final class OpenApiController {

    /** Where the document is served; the bearer filter lets it through. */
    public static final String PATH = "/v1/openapi.json";
    private static final String RESOURCE = "/openapi/turn-engine.json";

    private final String document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> document() {
        return HttpResponse.ok(document).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
