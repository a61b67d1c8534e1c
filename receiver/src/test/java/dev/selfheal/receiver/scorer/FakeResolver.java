package dev.selfheal.receiver.scorer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A DNS whose answer the test sets; enabled by a test profile only. */
@Alternative
@ApplicationScoped
public class FakeResolver implements ReplicaResolver {

    static volatile List<InetAddress> answer = List.of();
    static volatile boolean failing;
    static final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.incrementAndGet();
        if (failing || !host.equals("scorer-replicas.test")) {
            throw new UnknownHostException(host);
        }
        return answer;
    }

    static void answer(String... addresses) {
        try {
            InetAddress[] a = new InetAddress[addresses.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = InetAddress.getByName(addresses[i]);
            }
            answer = List.of(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
