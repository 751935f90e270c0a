package dev.turnengine.adapter.http.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Gives every JSON factory of the server one shared, bounded pool of Jackson's buffers. Jackson's default pool
 * keeps buffers per thread, which does nothing on virtual threads (each request and each stream delivery runs
 * on a new one): every JSON read or write then allocated fresh buffers of several KiB.
 */
@Singleton
public final class JsonBuffers implements BeanCreatedEventListener<JsonFactory> {

    private static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.sharedBoundedPool();

    /** A plain factory on the shared pool. */
    public static JsonFactory factory() {
        return JsonFactory.builder().recyclerPool(POOL).build();
    }

    @Override
    public JsonFactory onCreated(BeanCreatedEvent<JsonFactory> event) {
        return event.getBean().setRecyclerPool(POOL);
    }
}
