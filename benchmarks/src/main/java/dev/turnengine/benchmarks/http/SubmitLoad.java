package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.benchmarks.stats.Percentiles;
import dev.turnengine.testkit.http.ApiClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop POST load: a fixed number of clients, each sending its next request as soon as the previous one
 * is answered, for a warm-up and then a measured window. Against the real route each client posts to
 * conversations of its own (echo agent), so turns also run; against a bare route the same body is posted.
 */
public final class SubmitLoad {

    /** What the server sustained. */
    public record Result(double perSecond, Percentiles latency, long failures, long answeredInAll) {
    }

    /** Which route to load. */
    public enum Target {
        /** {@code POST /v1/api/conversations/{id}/messages}. */
        MESSAGES,
        /** The bare 202 route on the event loop. */
        BARE,
        /** The bare 202 route on the blocking executor. */
        BARE_BLOCKING
    }

    private static final String TEXT = "hello world";
    /** Conversations each client posts to in turn. */
    public static final int CONVERSATIONS_PER_CLIENT = 16;

    private SubmitLoad() {
    }

    /** Runs the load against the nodes (clients spread over them evenly). */
    public static Result run(List<ApiClient> nodes, Target target, int clients, double warmupSeconds,
            double seconds) throws Exception {
        return run(nodes, requests(nodes, target, clients), warmupSeconds, seconds);
    }

    /** Each client's requests (creating its conversations), for {@link #run(List, List, double, double)}. */
    public static List<List<HttpRequest>> requests(List<ApiClient> nodes, Target target, int clients) {
        List<List<HttpRequest>> requests = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ApiClient api = nodes.get(c % nodes.size());
            List<HttpRequest> mine = new ArrayList<>();
            for (int i = 0; i < CONVERSATIONS_PER_CLIENT; i++) {
                mine.add(switch (target) {
                    case MESSAGES -> api.message(api.createConversation("echo"), TEXT);
                    case BARE -> api.json("/bench/accepted", "{\"text\":\"" + TEXT + "\"}");
                    case BARE_BLOCKING -> api.json("/bench/accepted-blocking", "{\"text\":\"" + TEXT + "\"}");
                });
            }
            requests.add(mine);
        }
        return requests;
    }

    /** Runs the load of {@code requests} (one list per client, client {@code c} on node {@code c % nodes}). */
    public static Result run(List<ApiClient> nodes, List<List<HttpRequest>> requests, double warmupSeconds,
            double seconds) throws Exception {
        int clients = requests.size();
        long measureFrom = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        LatencySamples latency = new LatencySamples();
        LongAdder answered = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder answeredInAll = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ApiClient api = nodes.get(c % nodes.size());
            List<HttpRequest> mine = requests.get(c);
            threads.add(Thread.ofVirtual().start(() -> {
                int i = 0;
                while (true) {
                    long before = System.nanoTime();
                    if (before >= measureUntil) {
                        return;
                    }
                    boolean ok;
                    try {
                        HttpResponse<Void> response = api.http().send(mine.get(i),
                                HttpResponse.BodyHandlers.discarding());
                        ok = response.statusCode() == 202;
                    } catch (Exception e) {
                        ok = false;
                    }
                    long after = System.nanoTime();
                    i = (i + 1) % mine.size();
                    if (ok) {
                        answeredInAll.increment();
                    }
                    if (before >= measureFrom && after <= measureUntil) {
                        if (ok) {
                            answered.increment();
                            latency.add(after - before);
                        } else {
                            failures.increment();
                        }
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(answered.sum() / seconds, latency.percentiles(), failures.sum(), answeredInAll.sum());
    }
}
