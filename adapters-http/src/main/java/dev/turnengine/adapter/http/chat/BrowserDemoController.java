package dev.turnengine.adapter.http.chat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves the demo pages the chat page's "Use my browser" frame shows: a tiny bakery with a search form, order
 * buttons and an about page, plain HTML without any script, so an agent's clicks, typing and navigation have
 * something to act on and a person can watch the result.
 */
@Controller("/browser-demo")
final class BrowserDemoController {

    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'self'";
    private static final List<String> BREADS = List.of("Sourdough loaf", "Rye bread", "Cinnamon bun",
            "Baguette", "Seeded roll");
    private static final int MAX_QUERY = 200;

    private final String template = new String(ChatPageController.load("browser-demo.html"), StandardCharsets.UTF_8);

    @Get
    HttpResponse<byte[]> home() {
        StringBuilder items = new StringBuilder("<ul class=\"menu\">");
        for (String bread : BREADS) {
            items.append("<li><span>").append(escape(bread)).append("</span><form action=\"/browser-demo/order\">")
                    .append("<input type=\"hidden\" name=\"item\" value=\"").append(escape(bread)).append("\">")
                    .append("<button type=\"submit\">Order</button></form></li>");
        }
        items.append("</ul>");
        return page("Corner Bakery", "<p>Fresh bread every morning. Search the menu or order below.</p>"
                + search("") + items);
    }

    @Get("/search")
    HttpResponse<byte[]> search(@QueryValue("q") Optional<String> query) {
        String q = bounded(query);
        List<String> found = BREADS.stream()
                .filter(bread -> bread.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT).strip()))
                .toList();
        StringBuilder body = new StringBuilder(search(q)).append("<h2 id=\"results\">Results for \"")
                .append(escape(q)).append("\"</h2>");
        if (found.isEmpty()) {
            body.append("<p>Nothing matches.</p>");
        }
        body.append("<ul>");
        found.forEach(bread -> body.append("<li>").append(escape(bread)).append("</li>"));
        body.append("</ul><p><a href=\"/browser-demo/\">Back to the menu</a></p>");
        return page("Search · Corner Bakery", body.toString());
    }

    @Get("/order")
    HttpResponse<byte[]> order(@QueryValue("item") Optional<String> item) {
        String what = bounded(item);
        return page("Order · Corner Bakery", "<h2 id=\"ordered\">Ordered: " + escape(what) + "</h2>"
                + "<p>Pay at the counter when you collect it. Nothing was charged.</p>"
                + "<p><a href=\"/browser-demo/\">Back to the menu</a></p>");
    }

    @Get("/about")
    HttpResponse<byte[]> about() {
        return page("About · Corner Bakery", "<p>A family bakery since 1921, open 7 to 18 every day.</p>"
                + "<p><a href=\"/browser-demo/\">Back to the menu</a></p>");
    }

    private static String search(String query) {
        return "<form class=\"search\" action=\"/browser-demo/search\"><label for=\"q\">Search</label>"
                + "<input id=\"q\" name=\"q\" type=\"text\" value=\"" + escape(query) + "\">"
                + "<button type=\"submit\">Find</button></form>";
    }

    private HttpResponse<byte[]> page(String title, String content) {
        String html = template.replace("{{title}}", escape(title)).replace("{{content}}", content);
        return HttpResponse.ok(html.getBytes(StandardCharsets.UTF_8))
                .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static String bounded(Optional<String> value) {
        String text = value.orElse("");
        return text.length() > MAX_QUERY ? text.substring(0, MAX_QUERY) : text;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
