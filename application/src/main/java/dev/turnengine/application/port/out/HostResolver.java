package dev.turnengine.application.port.out;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves host names, so webhook targets are judged by the addresses they lead to. */
@FunctionalInterface
public interface HostResolver {

    /** Every address {@code host} resolves to (an IP literal resolves to itself). */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
