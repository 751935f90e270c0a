package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolOutput;
import dev.turnengine.testkit.net.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The chat page as a person watches an agent use their browser, in headless Chromium: with "Use my browser" on, a
 * fake model reads the demo page, clicks "Order" (after the person approves it on the page), reads again and takes
 * a screenshot; the page draws every call live, collapsed, and keeps each in its state across a network drop and a
 * reload in the middle of a call. A second turn's click is denied with a reason.
 */
class ChatPageToolsBrowserTest {

    /** Where the picture of the finished demo goes, for people to look at; outside the build. */
    private static final Path SCREENSHOT = Path.of(System.getProperty("java.io.tmpdir"), "turn-engine-browser-demo.png");

    /** What the agent's computer_screenshot saw: the demo frame drawn by the page itself. */
    private static final Path AGENT_SCREENSHOT = Path.of(System.getProperty("java.io.tmpdir"),
            "turn-engine-agent-screenshot.png");

    private final AtomicReference<JsonNode> ryeButton = new AtomicReference<>();

    private ToolScriptAgent agent() {
        return ToolScriptAgent.steps(
                () -> new ToolCall("read-" + System.nanoTime(), "computer_read_page", "{}"),
                () -> new ToolCall("click-" + System.nanoTime(), "computer_click", ryeButton.get().toString()),
                () -> new ToolCall("reread-" + System.nanoTime(), "computer_read_page", "{}"),
                () -> new ToolCall("shot-" + System.nanoTime(), "computer_screenshot", "{}"));
    }

    @Test
    void givenUseMyBrowser_whenTheAgentOperatesTheDemo_thenCallsRenderLiveApprovalsWorkAndStateSurvivesReconnects()
            throws IOException {
        ToolScriptAgent agent = agent();
        try (TestApi api = TestApi.builder().agent("browser", agent)
                        .tools(ToolSettings.defaults().withRequireApproval(List.of("computer_click")))
                        .http(settings -> settings.withRetryHint(java.time.Duration.ofMillis(200)))
                        .start();
                TcpProxy proxy = TcpProxy.to(api.server.baseUri());
                HeadlessChromium browser = HeadlessChromium.launch(BrowserPages.chromium());
                DevToolsPage page = browser.page()) {
            page.navigate(proxy.uri("/"));
            BrowserPages.useToken(page, api.token);
            BrowserPages.useMyBrowser(page);
            page.evaluate(BrowserPages.set("agent", "browser") + BrowserPages.click("new-conversation"));
            page.awaitTrue("document.getElementById('current-conversation').textContent !== 'none'"
                    + " && document.getElementById('connection').dataset.state === 'live'");
            String conversation = page.text("document.getElementById('current-conversation').textContent");
            ryeButton.set(BrowserPages.centerOf(page, "ul.menu li:nth-child(2) button"));

            page.evaluate(BrowserPages.set("message", "Order a rye bread for me") + BrowserPages.click("send"));
            page.awaitTrue(tool(0) + "?.dataset.state === 'done'");
            assertThat(page.text(tool(0) + ".querySelector('.tool-name').textContent")).isEqualTo("computer_read_page");
            assertThat(page.text(tool(0) + ".querySelector('.tool-result').textContent")).contains("Rye bread");
            assertThat(page.evaluate(tool(0) + ".querySelector('details').open").asBoolean()).as("collapsed").isFalse();
            page.awaitTrue(tool(1) + "?.dataset.state === 'awaiting-approval' && !!" + tool(1) + ".querySelector('.approve')");
            assertThat(page.text(tool(1) + ".querySelector('.tool-arguments').textContent"))
                    .contains("\"x\": " + ryeButton.get().get("x").asInt());

            // A network drop in the middle of the call: the stream resumes, nothing is drawn twice.
            proxy.dropAll();
            page.awaitTrue("document.getElementById('connection').dataset.state === 'reconnecting'");
            page.awaitTrue("document.getElementById('connection').dataset.state === 'live'");
            assertThat(page.evaluate("document.querySelectorAll('#transcript .tool').length").asInt()).isEqualTo(2);
            assertThat(page.text(tool(1) + ".dataset.state")).isEqualTo("awaiting-approval");

            // A reload: the replay from the first event draws the call in the same state, prompt included.
            page.navigate(proxy.uri("/"));
            page.awaitTrue("document.getElementById('browser-state').dataset.connected === 'true'");
            page.evaluate(BrowserPages.set("conversation-id", conversation) + BrowserPages.click("open-conversation"));
            page.awaitTrue(tool(1) + "?.dataset.state === 'awaiting-approval'");
            assertThat(page.text(tool(0) + ".dataset.state")).isEqualTo("done");
            assertThat(page.evaluate("document.querySelectorAll('#transcript .approve').length").asInt()).isEqualTo(1);

            page.evaluate(tool(1) + ".querySelector('.approve').click(); true");
            page.awaitTrue(lastTurn() + "?.dataset.status === 'completed'");
            assertThat(page.text(tool(1) + ".dataset.decision")).isEqualTo("approve");
            assertThat(page.text(tool(1) + ".querySelector('.tool-result').textContent"))
                    .contains("clicked <button> \"Order\"").contains("/browser-demo/order?item=Rye+bread");
            assertThat(page.text(tool(2) + ".querySelector('.tool-result').textContent")).contains("Ordered: Rye bread");
            assertThat(page.text(tool(3) + ".querySelector('.tool-result').textContent")).contains("image/png");
            assertThat(page.text("document.getElementById('demo-frame').contentWindow.location.pathname"))
                    .isEqualTo("/browser-demo/order");
            assertThat(page.text(lastTurn() + ".querySelector('.assistant').textContent")).isEqualTo("done: "
                    + "computer_read_page ok, computer_click ok, computer_read_page ok, computer_screenshot ok");
            assertThat(page.evaluate("[...document.querySelectorAll('#transcript .tool')].every(t => t.dataset.state"
                    + " === 'done' && t.dataset.error === 'false')").asBoolean()).isTrue();

            page.evaluate(tool(2) + ".querySelector('details').open = true; true");
            Files.write(SCREENSHOT, page.screenshot(1000));
            if (agent.results().getLast().output() instanceof ToolOutput.Image image) {
                Files.write(AGENT_SCREENSHOT, Base64.getDecoder().decode(image.base64()));
            } else {
                throw new AssertionError("the screenshot call returned " + agent.results().getLast());
            }

            // A second turn: the person denies the click, with a reason the model is told.
            page.evaluate("document.getElementById('demo-frame').src = '/browser-demo/'; true");
            page.awaitTrue("!!document.getElementById('demo-frame').contentDocument.querySelector('ul.menu')");
            page.evaluate(BrowserPages.set("message", "And another one") + BrowserPages.click("send"));
            page.awaitTrue(turnTool(1) + "?.dataset.state === 'awaiting-approval'");
            page.evaluate(turnTool(1) + ".querySelector('.deny-reason').value = 'not today';"
                    + turnTool(1) + ".querySelector('.deny').click(); true");
            page.awaitTrue(lastTurn() + ".dataset.status === 'completed'");
            assertThat(page.text(turnTool(1) + ".dataset.state")).isEqualTo("denied");
            assertThat(page.text(turnTool(1) + ".querySelector('.tool-decision').textContent"))
                    .isEqualTo("denied: not today");
            assertThat(page.text(turnTool(1) + ".querySelector('.tool-result').textContent"))
                    .startsWith("denied:").contains("not today");
            assertThat(page.text(turnTool(1) + ".dataset.error")).isEqualTo("true");
            assertThat(page.text("document.getElementById('demo-frame').contentWindow.location.pathname"))
                    .as("the denied click never ran").isEqualTo("/browser-demo/");
        }
    }

    private static String lastTurn() {
        return "document.querySelector('#transcript .turn:last-child')";
    }

    /** The i-th tool entry of the first turn. */
    private static String tool(int index) {
        return "document.querySelectorAll('#transcript .turn:first-child .tool')[" + index + "]";
    }

    /** The i-th tool entry of the last turn. */
    private static String turnTool(int index) {
        return "document.querySelectorAll('#transcript .turn:last-child .tool')[" + index + "]";
    }
}
