package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The chat page's "Use my browser" side in headless Chromium, without a model: the switch keeps the browser
 * present (a browser_session message is accepted only then), and each computer_* handler acts on the demo frame.
 */
class BrowserDemoHandlersTest {

    private static final String HANDLERS = "ChatDemoHandlers.create(document.getElementById('demo-frame'))";

    @Test
    void givenTheSwitchOn_whenHandlersRun_thenTheyReadClickTypeKeyScrollNavigateAndDrawTheDemoFrame()
            throws IOException {
        try (TestApi api = TestApi.builder().start();
                HeadlessChromium browser = HeadlessChromium.launch(BrowserPages.chromium());
                DevToolsPage page = browser.page()) {
            page.navigate(api.server.baseUri().resolve("/"));
            BrowserPages.useToken(page, api.token);
            String conversation = api.conversation("echo");
            String browserTurn = "{\"text\":\"look\",\"browser_session\":true}";
            assertThat(api.postJson(TestApi.messages(conversation), browserTurn).status())
                    .as("no browser present yet").isEqualTo(409);

            BrowserPages.useMyBrowser(page);
            assertThat(api.postJson(TestApi.messages(conversation), browserTurn).status()).isEqualTo(202);

            String text = call(page, "computer_read_page()").asText();
            assertThat(text).contains("URL: " + api.server.baseUri().resolve("/browser-demo/"))
                    .contains("Title: Corner Bakery").contains("Rye bread");

            JsonNode rye = BrowserPages.centerOf(page, "ul.menu li:nth-child(2) button");
            String clicked = call(page, "computer_click({x: " + rye.get("x") + ", y: " + rye.get("y") + "})").asText();
            assertThat(clicked).contains("<button> \"Order\"").contains("/browser-demo/order?item=Rye+bread");
            assertThat(call(page, "computer_read_page()").asText()).contains("Ordered: Rye bread");

            assertThat(call(page, "computer_navigate({url: 'https://example.com/'})").get("is_error").asBoolean())
                    .as("outside the demo").isTrue();
            assertThat(call(page, "computer_navigate({url: '/browser-demo/'})").asText()).contains("Corner Bakery");

            JsonNode search = BrowserPages.centerOf(page, "#q");
            call(page, "computer_click({x: " + search.get("x") + ", y: " + search.get("y") + "})");
            assertThat(call(page, "computer_type({text: 'bun'})").asText()).contains("typed 3 characters");
            assertThat(call(page, "computer_key({keys: 'Enter'})").asText()).contains("/browser-demo/search?q=bun");
            assertThat(call(page, "computer_read_page()").asText()).contains("Results for \"bun\"")
                    .contains("Cinnamon bun").doesNotContain("Rye bread");
            assertThat(call(page, "computer_type({text: 'x'})").get("is_error").asBoolean())
                    .as("nothing focused after the navigation").isTrue();
            assertThat(call(page, "computer_scroll({dx: 0, dy: 40})").asText()).startsWith("scrolled to");

            JsonNode shot = call(page, "computer_screenshot()");
            assertThat(shot.get("content_type").asText()).isEqualTo("image/png");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(shot.get("image_b64").asText())));
            assertThat(image.getWidth()).isGreaterThan(200);
            assertThat(BrowserPages.distinctColours(image)).as("the page was drawn, not a blank canvas")
                    .isGreaterThan(5);

            page.evaluate("document.getElementById('use-browser').click(); true");
            page.awaitTrue("document.getElementById('browser-state').dataset.connected === 'false'");
            assertThat(api.postJson(TestApi.messages(conversation), browserTurn).status())
                    .as("the switch off disconnects the browser").isEqualTo(409);
        }
    }

    private static JsonNode call(DevToolsPage page, String handlerCall) {
        return page.evaluate(HANDLERS + "." + handlerCall);
    }
}
