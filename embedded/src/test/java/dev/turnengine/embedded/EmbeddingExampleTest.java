package dev.turnengine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

// embedding-imports:start
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.embedded.EmbeddedTurnEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
// embedding-imports:end
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the README's embedding example as written, and checks the README still shows exactly this code. */
class EmbeddingExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/turnengine/embedded/EmbeddingExampleTest.java");
    private static final Path README = Path.of("../README.md");

    @SuppressWarnings("try") // the README's stream is closed by try-with-resources and not otherwise used
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
            CompletableFuture<TurnFinal> reply = new CompletableFuture<>();
            try (EmbeddedTurnEngine.Subscription stream = turns.stream(caller, conversation, 0, event -> {
                switch (event.event()) {
                    case TextDelta delta -> System.out.print(delta.delta()); // as each word arrives
                    case TurnFinal last -> reply.complete(last);
                    default -> { }
                }
            })) {
                turns.submit(caller, conversation, "hello from the jvm");
                System.out.println("| " + reply.get(5, TimeUnit.SECONDS).status()); // HELLO FROM THE JVM | COMPLETED
            }
        }
        // embedding:end
    }

    @Test
    void givenReadmeExample_whenRun_thenDeltasStreamThenTheEnding() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            readmeExample();
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8).strip()).isEqualTo("HELLO FROM THE JVM | COMPLETED");
    }

    @Test
    void givenReadme_whenRead_thenItShowsExactlyTheExampleThisTestRunsAndItsImports() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        String readme = Files.readString(README);

        assertThat(readme).contains(section(lines, "embedding", " ".repeat(8)));
        assertThat(readme).contains(section(lines, "embedding-imports", ""));
    }

    private static String section(List<String> lines, String name, String indent) {
        int start = indexOf(lines, "// " + name + ":start") + 1;
        int end = indexOf(lines, "// " + name + ":end");
        return String.join("\n", lines.subList(start, end).stream()
                .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line).toList());
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found in " + SOURCE);
    }
}
