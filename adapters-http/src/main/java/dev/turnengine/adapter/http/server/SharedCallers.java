package dev.turnengine.adapter.http.server;

import dev.turnengine.domain.access.Caller;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Caller} instance per token for all of that token's requests. An open event stream keeps its
 * request, and so its caller, for its whole life: a hundred thousand streams of one token then hold one caller,
 * not a hundred thousand equal copies. Only callers that were just authenticated are shared, so a revoked token
 * gains nothing from being remembered here; the memory is bounded (forgotten all at once when full).
 */
final class SharedCallers {

    /** The most callers remembered at once. */
    static final int MAX_REMEMBERED = 10_000;

    private final ConcurrentHashMap<Caller, Caller> known = new ConcurrentHashMap<>();

    /** The instance equal to {@code caller} that earlier requests used, or {@code caller} itself. */
    Caller shared(Caller caller) {
        Caller earlier = known.putIfAbsent(caller, caller);
        if (earlier != null) {
            return earlier;
        }
        if (known.size() > MAX_REMEMBERED) {
            known.clear();
        }
        return caller;
    }

    /** How many callers are remembered now. */
    int remembered() {
        return known.size();
    }
}
