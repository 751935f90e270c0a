package dev.turnengine.adapter.http.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnengine.application.port.out.WebhookSender;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.webhook.WebhookDelivery;
import dev.turnengine.application.webhook.WebhookSignature;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Posts webhook deliveries with the JDK's HTTP client: the JSON body of the contract, the Standard Webhooks
 * headers, no redirects followed (a redirect is a failed attempt), the response body discarded.
 */
public final class JdkWebhookSender implements WebhookSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public JdkWebhookSender() {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Attempt send(WebhookDelivery delivery, Instant now, Duration timeout) {
        byte[] body = body(delivery);
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(delivery.endpoint().url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "turn-engine-webhooks")
                .header("webhook-id", delivery.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature",
                        WebhookSignature.sign(delivery.endpoint().secret(), delivery.webhookId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return Attempt.answered(response.statusCode());
        } catch (HttpTimeoutException e) {
            return Attempt.failed("timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Attempt.failed("connection refused");
        } catch (IOException | IllegalArgumentException e) {
            return Attempt.failed("failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed("interrupted");
        }
    }

    /** {@code {type, timestamp, data: {conversation_id, turn_id, status, text, error?, usage?}}}, the same on every attempt. */
    static byte[] body(WebhookDelivery delivery) {
        TurnFinal ending = delivery.ending();
        ObjectNode root = JSON.createObjectNode();
        root.put("type", delivery.type());
        root.put("timestamp", delivery.endedAt().toString());
        ObjectNode data = root.putObject("data");
        data.put("conversation_id", delivery.conversationId().toString());
        data.put("turn_id", delivery.turnId().toString());
        data.put("status", ending.status().wireName());
        data.put("text", ending.text());
        ending.error().ifPresent(error -> data.putObject("error")
                .put("code", error.code()).put("message", error.message()));
        ending.usage().ifPresent(usage -> data.putObject("usage")
                .put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
