package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.Turn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the README's embedding example as written, and checks the README still shows exactly this code. */
class EmbeddingExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/turnengine/bootstrap/EmbeddingExampleTest.java");
    private static final Path README = Path.of("../README.md");

    static void readmeExample() throws Exception {
        // embedding:start
        try (EmbeddedTurnEngine turns = EmbeddedTurnEngine.builder()
                .inMemory()
                .agent("shout", (request, output, cancellation) -> {
                    for (String word : request.message().text().split(" ")) {
                        output.delta(word.toUpperCase() + " ");
                    }
                    return AgentResult.withoutUsage();
                })
                .build()) {
            Caller caller = turns.caller(new TenantId("acme"));
            ConversationId conversation = turns.createConversation(caller);
            Turn turn = turns.submit(caller, conversation, "hello from the jvm");
            TurnFinal reply = turns.awaitFinal(caller, conversation, turn, Duration.ofSeconds(5));
            System.out.println(reply.status() + ": " + reply.text()); // COMPLETED: HELLO FROM THE JVM
        }
        // embedding:end
    }

    @Test
    void givenReadmeExample_whenRun_thenAgentReplyIsPrinted() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            readmeExample();
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8).strip()).isEqualTo("COMPLETED: HELLO FROM THE JVM");
    }

    @Test
    void givenReadme_whenRead_thenItShowsExactlyTheExampleThisTestRuns() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int start = indexOf(lines, "// embedding:start") + 1;
        int end = indexOf(lines, "// embedding:end");
        String indent = " ".repeat(8);
        String example = String.join("\n", lines.subList(start, end).stream()
                .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line).toList());

        assertThat(Files.readString(README)).contains(example);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found in " + Arrays.toString(new Path[] {SOURCE}));
    }
}
