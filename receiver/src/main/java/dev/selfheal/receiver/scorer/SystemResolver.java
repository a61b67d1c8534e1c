package dev.selfheal.receiver.scorer;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The JVM's resolver (the system's: /etc/hosts, then the DNS servers and search domains of
 * /etc/resolv.conf). The JVM caches a successful lookup for {@code networkaddress.cache.ttl}
 * seconds, 30 by default: the chart sets {@code -Dsun.net.inetaddr.ttl=5} so that a replica's
 * arrival or departure is seen within a refresh or two.
 */
@DefaultBean
@ApplicationScoped
public class SystemResolver implements ReplicaResolver {

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
