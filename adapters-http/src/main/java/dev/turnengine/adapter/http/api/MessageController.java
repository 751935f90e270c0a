package dev.turnengine.adapter.http.api;

import dev.turnengine.adapter.http.problem.ProblemException;
import dev.turnengine.adapter.http.problem.Problems;
import dev.turnengine.adapter.http.request.JsonBody;
import dev.turnengine.adapter.http.request.JsonBodyReader;
import dev.turnengine.adapter.http.request.PathIds;
import dev.turnengine.adapter.http.server.BearerAuthFilter;
import dev.turnengine.adapter.http.server.RequestTracing;
import dev.turnengine.application.port.in.SubmitMessageUseCase.AttachmentInput;
import dev.turnengine.application.port.in.SubmitMessageUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.turn.BusyPolicy;
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

/**
 * The seed's endpoint: accepts a message, starts its turn in the background and answers 202 at once
 * with where to watch it. The body is checked for types here, and the HTTP-only parts (which key, the
 * on_busy spelling, a missing text) are resolved here; the message's content is the use case's to check.
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
        String text = json.string("text").orElseThrow(() -> ProblemException.invalid("text is required"));
        BusyPolicy onBusy = busyPolicy(json.string("on_busy"));
        Optional<IdempotencyKey> key = idempotencyKey(headerKeys.stream().findFirst(), json.string("idempotency_key"));
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
                text,
                attachments,
                json.bool("browser_session").orElse(false),
                json.any("identity").map(bodies::write),
                json.string("turn_source"),
                onBusy,
                key,
                RequestTracing.traceOf(request));
        return switch (submit.submit(command)) {
            case SubmitMessageUseCase.Result.Accepted accepted ->
                    HttpResponse.status(HttpStatus.ACCEPTED).body(MessageAcceptedJson.from(accepted.turn(), false));
            case SubmitMessageUseCase.Result.Replayed replayed ->
                    HttpResponse.status(HttpStatus.ACCEPTED).body(MessageAcceptedJson.from(replayed.turn(), true));
            case SubmitMessageUseCase.Result.Refused refused -> Problems.of(refused.refusal());
        };
    }

    /** {@code on_busy} as sent; absent means enqueue. */
    private static BusyPolicy busyPolicy(Optional<String> sent) {
        if (sent.isEmpty()) {
            return BusyPolicy.ENQUEUE;
        }
        return BusyPolicy.parse(sent.get())
                .orElseThrow(() -> ProblemException.invalid("on_busy must be one of enqueue, reject, interrupt"));
    }

    /** The key from the header or the body; when both are sent they must be equal. */
    private static Optional<IdempotencyKey> idempotencyKey(Optional<String> header, Optional<String> body) {
        if (header.isPresent() && body.isPresent() && !header.get().equals(body.get())) {
            throw ProblemException.invalid("the Idempotency-Key header and the body's idempotency_key differ");
        }
        Optional<String> sent = header.or(() -> body);
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IdempotencyKey.parse(sent.get())
                .orElseThrow(() -> ProblemException.invalid("an idempotency key is 1-255 printable ASCII characters")));
    }
}
