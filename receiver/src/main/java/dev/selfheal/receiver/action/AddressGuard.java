package dev.selfheal.receiver.action;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Server-side request forgery guard for HTTP actions: a URL whose host resolves to a loopback,
 * link-local (cloud metadata), private or wildcard address is refused unless the allowlist
 * permits private targets for it. Cloud metadata (169.254.169.254 and the like) is refused even
 * then, unless the allowlist names that address literally.
 */
public final class AddressGuard {

    private AddressGuard() {
    }

    public static Optional<String> check(URI url, boolean allowPrivate) {
        String host = url.getHost();
        if (host == null) {
            return Optional.of("the URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            boolean literal = host.equals(a.getHostAddress()) || host.equals("[" + a.getHostAddress() + "]");
            if (a.isLinkLocalAddress() && !(allowPrivate && literal)) {
                return Optional.of(host + " resolves to the link-local address " + a.getHostAddress()
                        + " (cloud metadata); refused");
            }
            if ((a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || isUniqueLocal(a)) && !allowPrivate) {
                return Optional.of(host + " resolves to the private or loopback address " + a.getHostAddress()
                        + "; refused (allow it with http.allowPrivate in the playbooks file)");
            }
        }
        return Optional.empty();
    }

    private static boolean isUniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }
}
