package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the README's Java-tool example as written, and checks the README still shows exactly this code. */
class JavaToolExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/turnengine/embedded/JavaToolExampleTest.java");

    /** Stands in for the embedding service's own code. */
    static final class Billing {
        String refund(String arguments) {
            return "refunded " + arguments;
        }
    }

    static EmbeddedTurnEngine readmeExample(AgentRunner agent, Billing billing) {
        // java-tool:start
        EmbeddedTurnEngine turns = EmbeddedTurnEngine.builder()
                .agent("assistant", agent)
                .tool(JavaTool.of("weather", "Today's weather in a city.",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                        arguments -> "sunny, 21 C"))
                .tool(JavaTool.of("refund", "Refunds an order.",
                        "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}",
                        billing::refund).requiringApproval())
                .build();
        // java-tool:end
        return turns;
    }

    @Test
    void givenTheReadmeTools_whenTheAgentCallsOne_thenItsOutputReachesTheReply() throws Exception {
        AgentRunner agent = ScriptedAgentRunner.silent().callTool("weather", "{\"city\":\"Oslo\"}")
                .sayResults("Oslo: ").thenComplete();
        try (EmbeddedTurnEngine turns = readmeExample(agent, new Billing())) {
            Caller caller = turns.caller(new TenantId("acme"));
            ConversationId conversation = turns.createConversation(caller);
            Turn turn = turns.submit(caller, conversation, "weather in Oslo?");
            TurnFinal ending = turns.awaitFinal(caller, conversation, turn, Duration.ofSeconds(10));

            assertThat(ending.text()).isEqualTo("Oslo: sunny, 21 C");
            assertThat(((ScriptedAgentRunner) agent).lastRequest().orElseThrow().tools().offered())
                    .extracting(spec -> spec.name() + (spec.requiresApproval() ? " (approval)" : ""))
                    .containsExactly("weather", "refund (approval)");
        }
    }

    @Test
    void givenReadme_whenRead_thenItShowsExactlyTheExampleThisTestRuns() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int start = lines.indexOf("        // java-tool:start") + 1;
        int end = lines.indexOf("        // java-tool:end");
        String example = String.join("\n", lines.subList(start, end).stream().map(line -> line.substring(8)).toList());

        assertThat(Files.readString(Path.of("../README.md"))).contains(example);
    }
}
