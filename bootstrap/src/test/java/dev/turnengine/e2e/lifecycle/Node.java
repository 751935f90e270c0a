package dev.turnengine.e2e.lifecycle;

import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.adapter.http.server.ApiServer;
import dev.turnengine.adapter.http.server.HttpSettings;
import dev.turnengine.adapter.http.webhook.JdkWebhookSender;
import dev.turnengine.application.engine.EnginePorts;
import dev.turnengine.application.engine.EngineSettings;
import dev.turnengine.application.engine.LifecycleSettings;
import dev.turnengine.application.engine.TurnEngine;
import dev.turnengine.application.webhook.WebhookSettings;
import dev.turnengine.domain.access.AccessToken;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.testkit.http.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One engine with its HTTP API on a storage, delivering webhooks to loopback receivers with quick retries. */
final class Node implements AutoCloseable {

    /** Retries after ~200-400 ms, doubling; attempts of 2 s; the dispatcher looks every 50 ms. */
    static final WebhookSettings QUICK_WEBHOOKS = WebhookSettings.defaults().withAllowPrivateTargets(true)
            .withRetries(Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofMinutes(5))
            .withTimeout(Duration.ofSeconds(2)).withPollInterval(Duration.ofMillis(50));

    final Storage storage;
    final TurnEngine engine;
    final ApiServer api;
    final ApiClient client;

    Node(Storage storage, AccessToken token, LifecycleSettings lifecycle, boolean deliver) {
        this.storage = storage;
        AgentCatalog agents = AgentCatalog.of("echo", Map.of("echo", new EchoAgentRunner(),
                "slow", new EchoAgentRunner(Duration.ofMillis(150))));
        this.engine = TurnEngine.start(EnginePorts.of(storage, agents),
                EngineSettings.defaults().withLeaseDuration(Duration.ofSeconds(3)), lifecycle, Clock.systemUTC());
        if (deliver) {
            engine.deliverWebhooks(new JdkWebhookSender());
        }
        engine.manageTokens().register(token, new TenantId("acme"));
        this.api = ApiServer.start(engine, HttpSettings.defaults().withHost("127.0.0.1").withPort(0)
                .withShutdownGrace(Duration.ofSeconds(1)));
        this.client = new ApiClient(api.baseUri(), token.secret());
    }

    static Node delivering(Storage storage, AccessToken token) {
        return new Node(storage, token, LifecycleSettings.defaults().withWebhooks(QUICK_WEBHOOKS), true);
    }

    static Node withRetention(Storage storage, AccessToken token, Duration retention) {
        return new Node(storage, token, LifecycleSettings.defaults().withWebhooks(QUICK_WEBHOOKS)
                .withRetention(Optional.of(retention)).withCleanupInterval(Duration.ofMillis(200)), false);
    }

    String setWebhook(String url) {
        var reply = client.send("PUT", "/v1/api/webhook", "{\"url\":" + ApiClient.quote(url) + "}", Optional.empty());
        if (reply.status() != 200) {
            throw new AssertionError("webhook not set: " + reply.body());
        }
        return reply.json().get("secret").asText();
    }

    @Override
    public void close() {
        api.close();
        engine.close();
        client.close();
    }
}
