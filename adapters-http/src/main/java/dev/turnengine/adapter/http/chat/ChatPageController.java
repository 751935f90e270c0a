package dev.turnengine.adapter.http.chat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the small chat page at {@code /}: static HTML, script and style, no auth (the page asks for a
 * token and keeps it in the tab's session storage). A strict content security policy keeps any script
 * but the page's own away from that token. The browser client module ({@code /browser-client.js}) is served
 * here too, for the page and for any other web app or extension that lets an agent use its browser.
 */
@Controller
final class ChatPageController {

    private static final String BASE = "/dev/turnengine/adapter/http/chat/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final byte[] page = load("index.html");
    private final byte[] script = load("chat.js");
    private final byte[] style = load("chat.css");
    private final byte[] tools = load("chat-tools.js");
    private final byte[] handlers = load("demo-handlers.js");
    private final byte[] client = load("browser-client.js");

    @Get
    HttpResponse<byte[]> page() {
        return asset(page, MediaType.TEXT_HTML + ";charset=utf-8");
    }

    @Get("/chat.js")
    HttpResponse<byte[]> script() {
        return asset(script, "text/javascript;charset=utf-8");
    }

    @Get("/chat-tools.js")
    HttpResponse<byte[]> tools() {
        return asset(tools, "text/javascript;charset=utf-8");
    }

    @Get("/demo-handlers.js")
    HttpResponse<byte[]> handlers() {
        return asset(handlers, "text/javascript;charset=utf-8");
    }

    /** The browser client module; other origins may load it (it holds no secret), hence the CORS header. */
    @Get("/browser-client.js")
    HttpResponse<byte[]> browserClient() {
        return asset(client, "text/javascript;charset=utf-8").header("Access-Control-Allow-Origin", "*");
    }

    @Get("/chat.css")
    HttpResponse<byte[]> style() {
        return asset(style, "text/css;charset=utf-8");
    }

    private static MutableHttpResponse<byte[]> asset(byte[] content, String type) {
        return HttpResponse.ok(content)
                .contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    static byte[] load(String name) {
        try (InputStream in = ChatPageController.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the chat page asset " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
