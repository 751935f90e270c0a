package dev.turnengine.adapter.http.server;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import jakarta.inject.Singleton;

/** Hands the {@link ConnectionGuard} to the Netty server as it is created, the framework's way of adding handlers. */
@Singleton
final class ConnectionGuardRegistration implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final ConnectionGuard guard;

    ConnectionGuardRegistration(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(guard);
        return event.getBean();
    }
}
