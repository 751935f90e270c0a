package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.application.port.in.SubmitMessageUseCase.AttachmentInput;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.domain.access.Caller;
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

/**
 * The seed's endpoint: accepts a message, starts its turn in the background and answers 202 at once
 * with where to watch it. The body is checked for types here; everything else is the use case's.
 */
@Controller(ApiPaths.CONVERSATION)
@ExecuteOn(TaskExecutors.BLOCKING)
final class MessageController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final SubmitMessageUseCase submit;
    private final JsonBodyReader bodies;

    MessageController(SubmitMessageUseCase submit, JsonBodyReader bodies) {
        this.submit = submit;
        this.bodies = bodies;
    }

    @Post("/messages")
    @Consumes(MediaType.ALL)
    HttpResponse<?> post(
            @RequestAttribute(BearerAuthFilter.CALLER) Caller caller, String id, HttpRequest<?> request,
            @Body @Nullable byte[] body) {
        var conversationId = PathIds.conversation(id);
        List<String> headerKeys = request.getHeaders().getAll(IDEMPOTENCY_KEY);
        if (headerKeys.size() > 1) {
            throw ProblemException.invalid("Send one Idempotency-Key header, not " + headerKeys.size() + ".");
        }
        JsonBody json = bodies.required(request, body);
        List<AttachmentInput> attachments = json.objects("attachments").stream()
                .map(attachment -> new AttachmentInput(
                        attachment.string("content_type"),
                        attachment.string("data_b64"),
                        attachment.string("document_id"),
                        attachment.string("filename")))
                .toList();
        var command = new SubmitMessageUseCase.Command(
                caller,
                conversationId,
                json.string("text").orElse(null),
                attachments,
                json.bool("browser_session").orElse(false),
                json.any("identity").map(bodies::write),
                json.string("turn_source"),
                json.string("on_busy"),
                headerKeys.stream().findFirst(),
                json.string("idempotency_key"));
        return switch (submit.submit(command)) {
            case SubmitMessageUseCase.Result.Accepted accepted ->
                    HttpResponse.status(HttpStatus.ACCEPTED).body(MessageAcceptedJson.from(accepted.turn(), false));
            case SubmitMessageUseCase.Result.Replayed replayed ->
                    HttpResponse.status(HttpStatus.ACCEPTED).body(MessageAcceptedJson.from(replayed.turn(), true));
            case SubmitMessageUseCase.Result.Refused refused -> Problems.of(refused.refusal());
        };
    }
}
