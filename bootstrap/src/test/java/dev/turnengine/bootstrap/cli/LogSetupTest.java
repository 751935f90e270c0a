package dev.turnengine.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TURN_END = "turn ended turn_id=7d9c0c57-5c3e-4f7e-9d43-6f3f8f1f5a10 "
            + "conversation_id=0e0b7a4e-4b8e-4a57-b7b5-2c8a6f0f0d11 status=completed queue_wait_ms=1 duration_ms=40";

    @Test
    void givenJsonFormat_whenLinesAreLogged_thenEachLineIsOneJsonObject() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, true, out);

        context.getLogger("dev.turnengine.turns").info(TURN_END);
        context.getLogger("some.library").warn("a \"quoted\"\nmultiline warning");
        context.getLogger("some.library").debug("not shown at INFO");
        context.stop();

        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("dev.turnengine.turns");
        assertThat(first.path("message").asText()).isEqualTo(TURN_END);
        assertThat(JSON.readTree(lines[1]).path("message").asText()).isEqualTo("a \"quoted\"\nmultiline warning");
    }

    @Test
    void givenJsonFormat_whenALibraryLogsThroughJavaUtilLogging_thenThatIsAJsonLineToo() throws Exception {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql.Driver");
        try {
            LogSetup.configure(global, true, out);

            driver.warning("connection refused");
            driver.fine("not shown at INFO");

            assertThat(driver.isLoggable(java.util.logging.Level.FINE)).as("dropped before it is made").isFalse();
            String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertThat(lines).hasSize(1);
            JsonNode line = JSON.readTree(lines[0]);
            assertThat(line.path("level").asText()).isEqualTo("WARN");
            assertThat(line.path("loggerName").asText()).isEqualTo("org.postgresql.Driver");
            assertThat(line.path("message").asText()).isEqualTo("connection refused");
        } finally {
            LogSetup.configure(global, false, System.err);
        }
    }

    @Test
    void givenTextFormat_whenALineIsLogged_thenItIsPlainText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, false, out);

        context.getLogger("dev.turnengine.turns").info(TURN_END);
        context.stop();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains(" INFO ", "dev.turnengine.turns - " + TURN_END).doesNotStartWith("{");
    }
}
