package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.net.TcpProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chat page in headless Chromium: a token pasted in, a conversation created, a reply watched as it
 * streams in, a network drop survived without losing or repeating text, and a running turn interrupted.
 * Skipped when no Chromium is installed, except under {@code CI=true}.
 */
class ChatPageBrowserTest {

    private static final String LONG_TEXT = "the quick brown fox jumps over the lazy dog and keeps running "
            + "through fields of wheat under a pale sky while the farmer counts his sheep one by one";

    @Test
    void givenBrowser_whenChatting_thenRepliesStreamSurviveDropsAndCanBeInterrupted() throws IOException {
        Optional<Path> chromium = HeadlessChromium.binary();
        if (chromium.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but no Chromium is installed; install Debian's chromium package");
            }
            assumeTrue(false, "Chromium is not installed here: the chat page browser test is skipped");
        }
        ScriptedAgentRunner gated = ScriptedAgentRunner.replying("partial ", "never shown").gated().thenComplete();
        try (TestApi api = TestApi.builder()
                        .agent("slow-echo", new EchoAgentRunner(Duration.ofMillis(40)))
                        .agent("gated", gated)
                        .http(settings -> settings.withRetryHint(Duration.ofMillis(200)))
                        .start();
                TcpProxy proxy = TcpProxy.to(api.server.baseUri());
                HeadlessChromium browser = HeadlessChromium.launch(chromium.get());
                DevToolsPage page = browser.page()) {
            page.navigate(proxy.uri("/"));

            page.evaluate(set("token", api.token) + click("save-token"));
            assertThat(page.text("sessionStorage.getItem('turn-engine.token')")).isEqualTo(api.token);
            assertThat(page.text("document.getElementById('token').value")).isEmpty();

            openConversation(page, "slow-echo");
            send(page, "hello from the browser");
            page.awaitTrue(lastTurn() + "?.dataset.status === 'completed'");
            assertThat(page.text(lastTurn() + ".querySelector('.user').textContent")).isEqualTo("hello from the browser");
            assertThat(page.text(lastTurn() + ".querySelector('.assistant').textContent"))
                    .isEqualTo("hello from the browser");

            send(page, LONG_TEXT);
            page.awaitTrue("document.querySelectorAll('#transcript .turn').length === 2 && "
                    + lastTurn() + ".querySelector('.assistant').textContent.length > 10");
            int connectionsBefore = proxy.connections();
            assertThat(page.text(lastTurn() + ".dataset.status")).as("dropped mid-turn").isEqualTo("running");
            proxy.dropAll();
            page.awaitTrue(lastTurn() + ".dataset.status === 'completed'");
            assertThat(proxy.connections()).isGreaterThan(connectionsBefore);
            assertThat(page.text(lastTurn() + ".querySelector('.assistant').textContent")).isEqualTo(LONG_TEXT);
            assertThat(page.evaluate(lastTurn() + ".dataset.repaired === undefined").asBoolean())
                    .as("the streamed deltas matched the final text without repair").isTrue();
            page.awaitTrue("document.getElementById('connection').dataset.state === 'live'");

            gated.allow(1);
            openConversation(page, "gated");
            send(page, "start something long");
            page.awaitTrue(lastTurn() + "?.querySelector('.assistant').textContent === 'partial '"
                    + " && !document.getElementById('interrupt').disabled");
            page.evaluate(click("interrupt"));
            page.awaitTrue(lastTurn() + ".dataset.status === 'interrupted'");
            assertThat(page.text(lastTurn() + ".querySelector('.assistant').textContent")).isEqualTo("partial ");
            assertThat(page.text("location.href")).doesNotContain(api.token);
        } finally {
            gated.release();
        }
    }

    private static void openConversation(DevToolsPage page, String agent) {
        String before = page.text("document.getElementById('current-conversation').textContent");
        page.evaluate(set("agent", agent) + click("new-conversation"));
        page.awaitTrue("document.getElementById('current-conversation').textContent !== '" + before + "'"
                + " && document.getElementById('connection').dataset.state === 'live'");
    }

    private static void send(DevToolsPage page, String text) {
        page.evaluate(set("message", text) + click("send"));
    }

    private static String lastTurn() {
        return "document.querySelector('#transcript .turn:last-child')";
    }

    private static String set(String id, String value) {
        return "document.getElementById('" + id + "').value = " + TestApi.quote(value) + ";";
    }

    private static String click(String id) {
        return "document.getElementById('" + id + "').click(); true";
    }
}
