package dev.turnengine.application.webhook;

import dev.turnengine.application.port.out.WebhookSender;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.WebhookOutbox;
import dev.turnengine.domain.webhook.WebhookDelivery;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import dev.turnengine.domain.port.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Posts the outbox's deliveries, apart from the turns: one thread claims due deliveries and each attempt
 * runs on its own virtual thread, at most {@code maxInFlight} at once on this node and
 * {@code maxInFlightPerTenant} for one tenant, so a receiver that is down, slow or failing holds only its
 * own tenant's few slots and never a turn. A failed attempt (any non-2xx, a timeout, a refused connection or
 * a target that now resolves to a private address) is retried with exponential back-off and jitter until
 * {@code giveUpAfter} has passed since the turn ended. Every attempt logs one line.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final EngineMetrics metrics;
    private final WebhookTargets targets;
    private final WebhookSettings settings;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<TenantId, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    private final Object wakeup = new Object();
    private final Thread thread;
    private volatile boolean closed;

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSender sender, WebhookTargets targets,
            WebhookSettings settings, Clock clock) {
        this(outbox, sender, targets, settings, clock, EngineMetrics.none());
    }

    /** A dispatcher that also reports each attempt to {@code metrics}. */
    public WebhookDispatcher(WebhookOutbox outbox, WebhookSender sender, WebhookTargets targets,
            WebhookSettings settings, Clock clock, EngineMetrics metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.sender = sender;
        this.targets = targets;
        this.settings = settings;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("webhook-dispatcher").unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Attempts under way on this node now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void run() {
        while (!closed) {
            try {
                claimAndSend();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "webhook dispatcher could not read the outbox; retrying", e);
            }
            synchronized (wakeup) {
                try {
                    wakeup.wait(settings.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void claimAndSend() {
        int free = settings.maxInFlight() - inFlight.get();
        if (free <= 0) {
            return;
        }
        Set<TenantId> full = perTenant.entrySet().stream()
                .filter(entry -> entry.getValue().get() >= settings.maxInFlightPerTenant())
                .map(java.util.Map.Entry::getKey)
                .collect(Collectors.toSet());
        Instant now = clock.instant();
        List<WebhookDelivery> claimed = outbox.claim(now, now.plus(settings.claimLease()), free,
                settings.maxInFlightPerTenant(), full);
        for (WebhookDelivery delivery : claimed) {
            AtomicInteger tenantCount = perTenant.computeIfAbsent(delivery.endpoint().tenant(), t -> new AtomicInteger());
            if (closed || tenantCount.incrementAndGet() > settings.maxInFlightPerTenant()) {
                tenantCount.decrementAndGet();
                outbox.release(delivery.turnId());
                continue;
            }
            inFlight.incrementAndGet();
            Thread.ofVirtual().name("webhook-" + delivery.webhookId()).start(() -> {
                try {
                    attempt(delivery);
                } finally {
                    tenantCount.decrementAndGet();
                    inFlight.decrementAndGet();
                    synchronized (wakeup) {
                        wakeup.notifyAll();
                    }
                }
            });
        }
    }

    /** One attempt and its bookkeeping; never throws. */
    private void attempt(WebhookDelivery delivery) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Optional<String> refused = targets.refusal(delivery.endpoint().url().getHost());
        WebhookSender.Attempt attempt = refused.map(WebhookSender.Attempt::failed)
                .orElseGet(() -> sender.send(delivery, now, settings.timeout()));
        long nanos = System.nanoTime() - started;
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        int number = delivery.attempts() + 1;
        String line = "webhook " + delivery.webhookId() + " " + delivery.type() + " tenant="
                + delivery.endpoint().tenant().value() + " attempt=" + number + " " + attempt.describe() + " in "
                + millis + " ms";
        try {
            if (attempt.succeeded()) {
                outbox.delivered(delivery.turnId());
                metrics.webhookDelivered("delivered", Duration.ofNanos(nanos));
                LOG.log(Level.INFO, line + ": delivered");
                return;
            }
            Instant next = clock.instant().plus(jittered(settings.retryDelay(number)));
            if (next.isAfter(delivery.endedAt().plus(settings.giveUpAfter()))) {
                outbox.drop(delivery.turnId());
                metrics.webhookDelivered("gave_up", Duration.ofNanos(nanos));
                LOG.log(Level.WARNING, line + ": given up after " + number + " attempts");
            } else {
                outbox.retryAt(delivery.turnId(), next, attempt.describe());
                metrics.webhookDelivered(attempt.status() > 0 ? "rejected" : "failed", Duration.ofNanos(nanos));
                LOG.log(Level.INFO, line + ": retry at " + next);
            }
        } catch (RuntimeException e) {
            // The claim lapses and the delivery is tried again: at least once, never lost.
            LOG.log(Level.WARNING, line + ": could not record the outcome", e);
        }
    }

    /** Between half and all of {@code delay}, so receivers coming back are not hit by every retry at once. */
    private static Duration jittered(Duration delay) {
        long millis = Math.max(1, delay.toMillis());
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    /**
     * Stops claiming and waits, at most one attempt's timeout, for attempts under way to record their outcome
     * (one still going after that is retried, with the same id, once its claim lapses).
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
            synchronized (wakeup) {
                while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                    wakeup.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
