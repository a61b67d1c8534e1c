package dev.selfheal.receiver.scorer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The scorer replicas behind a headless Service ({@code SELFHEAL_SCORER_DNS=host:port}): every
 * address the name resolves to is a replica {@code http://<ip>:<port>}. A failed lookup, or one
 * with no address, keeps the last good list: a DNS hiccup must not take every replica away.
 */
public final class DnsReplicas {

    private final String host;
    private final int port;
    private final ReplicaResolver resolver;
    private volatile List<String> lastGood = List.of();

    public DnsReplicas(String hostPort, ReplicaResolver resolver) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_DNS is host:port (a headless Service), not " + hostPort);
        }
        this.host = hostPort.substring(0, colon);
        try {
            this.port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_DNS: the port of " + hostPort + " is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_DNS: port " + port + " is out of range");
        }
        this.resolver = resolver;
    }

    /** The replicas as last resolved (empty before the first good lookup). */
    public List<String> current() {
        return lastGood;
    }

    /** Resolves the name again: the new list, or empty when the lookup failed and the last good list stays. */
    public Optional<List<String>> refresh() {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
        if (addresses == null || addresses.isEmpty()) {
            return Optional.empty();
        }
        List<String> replicas = addresses.stream().map(a -> ReplicaUrls.of(a, port)).distinct().sorted().toList();
        lastGood = replicas;
        return Optional.of(replicas);
    }

    /** The name looked up, for messages. */
    public String name() {
        return host + ":" + port;
    }
}
