package dev.turnengine.benchmarks.http;

import dev.turnengine.benchmarks.stats.LatencySamples;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Engine overhead to the first delta over HTTP: a few clients, each watching its own conversation on a live
 * event stream, post a one-word message (echo agent, no delay) and time from sending the POST to the reply's
 * first {@code text_delta} arriving on the stream. With two nodes each client posts to one node and watches on
 * the other, so the delta crosses nodes through the database.
 */
public final class FirstDeltaProbe {

    /**
     * The latencies and how many turns failed to deliver in time.
     *
     * @param latency POST sent → first {@code text_delta} on the stream (for the bare route: → its answer)
     * @param accepted POST sent → its {@code 202} received, for the same turns: the part of {@code latency} the
     *     admission takes (empty for the bare route, where it is {@code latency} itself)
     */
    public record Result(LatencySamples latency, LatencySamples accepted, long timeouts) {
    }

    private FirstDeltaProbe() {
    }

    /** The floor for the HTTP figure: the same clients and pace posting to the bare 202 route, timed to the answer. */
    public static Result roundTrips(List<ApiClient> nodes, int clients, double warmupSeconds, double seconds,
            long pauseMillis) throws Exception {
        LatencySamples latency = new LatencySamples();
        LongAdder failures = new LongAdder();
        long measureFrom = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ApiClient api = nodes.get(c % nodes.size());
            var request = api.json("/bench/accepted-blocking", "{\"text\":\"hello\"}");
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < measureUntil) {
                    try {
                        long sent = System.nanoTime();
                        HttpResponse<String> response = api.http().send(request, HttpResponse.BodyHandlers.ofString());
                        long answered = System.nanoTime();
                        if (response.statusCode() != 202) {
                            failures.increment();
                        } else if (sent >= measureFrom) {
                            latency.add(answered - sent);
                        }
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.increment();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(latency, new LatencySamples(), failures.sum());
    }

    public static Result run(List<ApiClient> nodes, int clients, double warmupSeconds, double seconds,
            long pauseMillis) throws Exception {
        LatencySamples latency = new LatencySamples();
        LatencySamples accepted = new LatencySamples();
        LongAdder timeouts = new LongAdder();
        long measureFrom = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<SseClient> streams = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ApiClient poster = nodes.get(c % nodes.size());
            ApiClient watcher = nodes.get((c + 1) % nodes.size());
            String conversation = poster.createConversation("echo");
            Map<String, CompletableFuture<Long>> firstDeltas = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Long>> finals = new ConcurrentHashMap<>();
            SseClient stream = SseClient.listen(watcher, ApiClient.streamOf(conversation), frame -> {
                String turnId = SseFrame.field(frame.data(), "turn_id");
                String type = frame.type();
                long arrived = frame.arrivedNanos();
                if (turnId == null) {
                    return;
                }
                if (type.equals("text_delta")) {
                    firstDeltas.computeIfAbsent(turnId, id -> new CompletableFuture<>()).complete(arrived);
                } else if (type.equals("final")) {
                    finals.computeIfAbsent(turnId, id -> new CompletableFuture<>()).complete(arrived);
                }
            });
            stream.opened().get(30, TimeUnit.SECONDS);
            streams.add(stream);
            threads.add(Thread.ofVirtual().unstarted(() -> {
                while (System.nanoTime() < measureUntil) {
                    try {
                        long sent = System.nanoTime();
                        HttpResponse<String> response = poster.http().send(poster.message(conversation, "hello"),
                                HttpResponse.BodyHandlers.ofString());
                        long answered = System.nanoTime();
                        if (response.statusCode() != 202) {
                            timeouts.increment();
                            continue;
                        }
                        String turnId = ApiClient.turnId(response.body());
                        long arrived = firstDeltas.computeIfAbsent(turnId, id -> new CompletableFuture<>())
                                .get(10, TimeUnit.SECONDS);
                        finals.computeIfAbsent(turnId, id -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
                        firstDeltas.remove(turnId);
                        finals.remove(turnId);
                        if (sent >= measureFrom && sent < measureUntil) {
                            latency.add(arrived - sent);
                            accepted.add(answered - sent);
                        }
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        timeouts.increment();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        streams.forEach(SseClient::close);
        return new Result(latency, accepted, timeouts.sum());
    }
}
