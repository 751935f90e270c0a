package dev.turnengine.domain.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.agent.AgentException;
import dev.turnengine.domain.agent.ToolStepLimit;
import dev.turnengine.domain.agent.Tools;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRecordsTest {

    private static final ToolCall CALL = new ToolCall("call_1", "echo", "{\"message\":\"hi\"}");

    @Test
    void givenANameWithSpacesOrTooLong_whenASpecIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> ToolSpec.server("two words", "d", ToolSpec.NO_PARAMETERS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToolSpec.server("x".repeat(129), "d", ToolSpec.NO_PARAMETERS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ToolSpec.server("127.0.0.1__get-sum", "d", ToolSpec.NO_PARAMETERS).name())
                .isEqualTo("127.0.0.1__get-sum");
    }

    @Test
    void givenASchemaThatIsNotAnObject_whenASpecIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> ToolSpec.server("t", "d", "[]")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ToolSpec.server("t", "d", "  {\"type\":\"object\"}\n").parametersSchemaJson())
                .isEqualTo("{\"type\":\"object\"}");
    }

    @Test
    void givenASpec_whenRenamedOrFlagged_thenOnlyThatChanges() {
        ToolSpec spec = ToolSpec.server("echo", "Echoes", ToolSpec.NO_PARAMETERS);

        ToolSpec changed = spec.renamed("host__echo").withApproval(true);

        assertThat(changed).isEqualTo(new ToolSpec("host__echo", "Echoes", ToolSpec.NO_PARAMETERS,
                ToolExecutor.SERVER, true));
    }

    @Test
    void givenBlankArguments_whenACallIsMade_thenTheyBecomeAnEmptyObject() {
        assertThat(new ToolCall("c", "t", " ").argumentsJson()).isEqualTo("{}");
        assertThatThrownBy(() -> new ToolCall(" ", "t", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAnErrorResult_thenItsTextStartsWithItsCode() {
        ToolResult result = ToolResult.error(CALL, ToolResult.TOOL_FAILED, "boom");

        assertThat(result.isError()).isTrue();
        assertThat(result.output().asText()).isEqualTo("tool_failed: boom");
        assertThat(result.answers(CALL)).isTrue();
    }

    @Test
    void givenAnImageThatIsNotBase64OrNotAnImage_whenAResultIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> ToolResult.image(CALL, "not base64!", "image/png"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToolResult.image(CALL, "AAAA", "text/plain"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ToolResult.image(CALL, "AAAA", "Image/PNG").output().asText()).contains("image/png");
    }

    @Test
    void givenAResultOfAnotherCall_whenAStepIsMade_thenItIsRefused() {
        ToolResult other = ToolResult.text(new ToolCall("call_2", "echo", "{}"), "x");

        assertThatThrownBy(() -> new ToolStep(CALL, other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNoTools_whenCalled_thenEveryCallGetsUnknownToolInOrder() {
        ToolCall second = new ToolCall("call_2", "other", "{}");

        List<ToolResult> results = Tools.none().call(List.of(CALL, second));

        assertThat(Tools.none().offered()).isEmpty();
        assertThat(results).extracting(ToolResult::callId).containsExactly("call_1", "call_2");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.isError()).isTrue();
            assertThat(r.output().asText()).startsWith("unknown_tool:");
        });
    }

    @Test
    void givenALimit_thenItAllowsThatManyModelCallsAndNamesTheCodeWhenExceeded() {
        ToolStepLimit limit = new ToolStepLimit(2);

        assertThat(limit.allowsAnother(1)).isTrue();
        assertThat(limit.allowsAnother(2)).isFalse();
        AgentException failure = limit.exceeded();
        assertThat(failure.code()).isEqualTo("too_many_tool_steps");
        assertThatThrownBy(() -> new ToolStepLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
