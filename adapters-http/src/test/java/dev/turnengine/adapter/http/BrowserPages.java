package dev.turnengine.adapter.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Steps on the chat page shared by the browser tests. */
final class BrowserPages {

    private BrowserPages() {}

    /** This machine's Chromium; the test is skipped without one, except under {@code CI=true}. */
    static Path chromium() {
        Optional<Path> chromium = HeadlessChromium.binary();
        if (chromium.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but no Chromium is installed; install Debian's chromium package");
            }
            assumeTrue(false, "Chromium is not installed here: the browser test is skipped");
        }
        return chromium.get();
    }

    static void useToken(DevToolsPage page, String token) {
        page.evaluate(set("token", token) + click("save-token"));
    }

    /** Turns "Use my browser" on and waits until the server has the heartbeat and the demo page is loaded. */
    static void useMyBrowser(DevToolsPage page) {
        page.evaluate(click("use-browser"));
        page.awaitTrue("document.getElementById('browser-state').dataset.connected === 'true'"
                + " && document.getElementById('demo-frame').contentDocument?.readyState === 'complete'"
                + " && !!document.getElementById('demo-frame').contentDocument.querySelector('ul.menu')");
    }

    /** The centre of an element of the demo frame, in the frame's coordinates: {@code {x, y}}. */
    static JsonNode centerOf(DevToolsPage page, String selector) {
        return page.evaluate("(() => { const r = document.getElementById('demo-frame').contentDocument"
                + ".querySelector(" + TestApi.quote(selector) + ").getBoundingClientRect();"
                + " return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2)}; })()");
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    static String set(String id, String value) {
        return "document.getElementById('" + id + "').value = " + TestApi.quote(value) + ";";
    }

    static String click(String id) {
        return "document.getElementById('" + id + "').click(); true";
    }
}
