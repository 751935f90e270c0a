package dev.turnengine.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

/** The server's JSON mapper keeps Jackson's buffers in a pool that works on virtual threads. */
class JsonBuffersTest {

    @Test
    void givenTheServersObjectMapper_thenItsBuffersComeFromTheSharedPoolNotAPerThreadOne() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).banner(false)
                .build()) {
            context.registerSingleton(JsonBuffers.class, new JsonBuffers());
            context.start();
            ObjectMapper mapper = context.getBean(ObjectMapper.class);

            assertThat(mapper.getFactory()._getRecyclerPool())
                    .isSameAs(JsonBuffers.factory()._getRecyclerPool())
                    .isNotSameAs(JsonRecyclerPools.threadLocalPool());
        }
    }
}
