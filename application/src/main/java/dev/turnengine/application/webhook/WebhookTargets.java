package dev.turnengine.application.webhook;

import dev.turnengine.application.port.out.HostResolver;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a URL may receive webhooks: http or https, and unless private targets are allowed, a host
 * whose every address is public. Names are judged by what they resolve to now, so a name pointing at
 * 127.0.0.1 is refused like the address itself; the dispatcher asks again before every attempt, so a name
 * that later changes to a private address (DNS rebinding) is refused then.
 */
public final class WebhookTargets {

    static final int MAX_URL_LENGTH = 2_048;

    private final HostResolver resolver;
    private final boolean allowPrivate;

    public WebhookTargets(HostResolver resolver, boolean allowPrivate) {
        this.resolver = resolver;
        this.allowPrivate = allowPrivate;
    }

    /** The URL, parsed, or why it cannot be a webhook target. */
    public Result check(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_URL_LENGTH) {
            return new Result.Refused("'url' must be an http or https URL of at most " + MAX_URL_LENGTH + " characters.");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return new Result.Refused("'url' is not a valid URL.");
        }
        String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Result.Refused("'url' must use http or https.");
        }
        if (url.getHost() == null || url.getHost().isEmpty() || url.getRawUserInfo() != null) {
            return new Result.Refused("'url' must name a host and carry no user name or password.");
        }
        return refusal(url.getHost()).<Result>map(Result.Refused::new).orElseGet(() -> new Result.Allowed(url));
    }

    /** Why the host may not be posted to now, if it may not. */
    public Optional<String> refusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("The webhook host '" + host + "' does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("The webhook host '" + host + "' is or resolves to a loopback, private or "
                        + "otherwise non-public address (" + address.getHostAddress() + ").");
            }
        }
        return addresses.isEmpty() ? Optional.of("The webhook host '" + host + "' does not resolve.") : Optional.empty();
    }

    /** Whether an address is on the public internet: not loopback, private, link-local, shared, reserved … */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 // "this network"
                    || first == 100 && second >= 64 && second <= 127 // shared address space (CGNAT)
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first >= 240); // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // deprecated site-local fec0::/10
            }
            boolean embedsIpv4 = isZero(b, 0, 10) && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                    || isZero(b, 10, 12)); // IPv4-mapped ::ffff:a.b.c.d or IPv4-compatible ::a.b.c.d
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                    && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12); // 64:ff9b::/96
            if (embedsIpv4 || nat64) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A URL judged. */
    public sealed interface Result {

        /** It may receive webhooks. */
        record Allowed(URI url) implements Result {
        }

        /** It may not, and why. */
        record Refused(String reason) implements Result {
        }
    }
}
