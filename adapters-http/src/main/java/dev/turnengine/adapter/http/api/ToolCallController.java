package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.AnswerToolCallUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.tool.BrowserResult;
import dev.turnengine.domain.tool.ToolAnswer;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolDecision;
import dev.turnengine.domain.tool.ToolOutput;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a tool call that waits: a person's {@code {"decision": "approve"|"deny", "reason"?}} or a browser's
 * {@code {"output", "is_error"?}} / {@code {"image_b64", "content_type"}}. 200 when taken (again: idempotent),
 * 409 {@code tool_call_not_pending} when the call does not take it, 404 for an unknown call.
 */
@Controller(ApiPaths.CONVERSATION + "/turns/{turnId}/tool-calls")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ToolCallController {

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");
    private static final List<String> RESULT_FIELDS = List.of("output", "is_error", "image_b64", "content_type");

    private final AnswerToolCallUseCase answers;
    private final JsonBodyReader bodies;

    ToolCallController(AnswerToolCallUseCase answers, JsonBodyReader bodies) {
        this.answers = answers;
        this.bodies = bodies;
    }

    @Post("/{callId}")
    @Consumes(MediaType.ALL)
    HttpResponse<?> answer(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id, String turnId, String callId,
            HttpRequest<?> request, @Body @Nullable byte[] body) {
        var conversationId = PathIds.conversation(id);
        var turn = PathIds.turn("turn_id", turnId);
        ToolAnswer answer = parse(bodies.required(request, body));
        if (callId.isEmpty() || callId.length() > ToolCall.MAX_ID_LENGTH) {
            return Problems.notFound("tool call");
        }
        return switch (answers.answer(new AnswerToolCallUseCase.Command(caller, conversationId, turn, callId,
                answer))) {
            case AnswerToolCallUseCase.Result.Accepted accepted -> HttpResponse.ok(new ToolAnswerJson(true, null));
            case AnswerToolCallUseCase.Result.Repeated repeated -> HttpResponse.ok(new ToolAnswerJson(true, true));
            case AnswerToolCallUseCase.Result.NotPending notPending ->
                    Problems.of(HttpStatus.CONFLICT, Problems.TOOL_CALL_NOT_PENDING, notPending.why() + ".");
            case AnswerToolCallUseCase.Result.Refused refused -> Problems.of(refused.refusal());
        };
    }

    /** A decision, or a browser result; anything else (both, neither, wrong values) is a 400. */
    private static ToolAnswer parse(JsonBody json) {
        Optional<String> decision = json.string("decision");
        Optional<String> reason = json.string("reason");
        if (decision.isPresent()) {
            if (RESULT_FIELDS.stream().anyMatch(field -> json.any(field).isPresent())) {
                throw ProblemException.invalid("Send either a decision or a browser result, not both.");
            }
            boolean approved = ToolDecision.parseApproval(decision.get())
                    .orElseThrow(() -> ProblemException.invalid("'decision' must be approve or deny."));
            if (reason.isPresent() && reason.get().length() > ToolDecision.MAX_REASON_LENGTH) {
                throw ProblemException.invalid("'reason' is at most " + ToolDecision.MAX_REASON_LENGTH
                        + " characters.");
            }
            return new ToolDecision(approved, reason);
        }
        if (reason.isPresent()) {
            throw ProblemException.invalid("'reason' goes with a decision.");
        }
        boolean isError = json.bool("is_error").orElse(false);
        Optional<String> output = json.string("output");
        Optional<String> image = json.string("image_b64");
        Optional<String> contentType = json.string("content_type");
        if (output.isPresent() && (image.isPresent() || contentType.isPresent())) {
            throw ProblemException.invalid("Send either 'output' or 'image_b64' with 'content_type', not both.");
        }
        if (output.isPresent()) {
            return new BrowserResult(new ToolOutput.Text(output.get()), isError);
        }
        if (image.isEmpty() || contentType.isEmpty()) {
            throw ProblemException.invalid("Send {\"decision\": \"approve\"|\"deny\"}, or a browser result: "
                    + "{\"output\": ...} or {\"image_b64\": ..., \"content_type\": \"image/png\"|\"image/jpeg\"}.");
        }
        if (!IMAGE_TYPES.contains(contentType.get())) {
            throw ProblemException.invalid("'content_type' must be image/png or image/jpeg.");
        }
        try {
            return new BrowserResult(new ToolOutput.Image(image.get(), contentType.get()), isError);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("'image_b64' is not valid base64.");
        }
    }
}
