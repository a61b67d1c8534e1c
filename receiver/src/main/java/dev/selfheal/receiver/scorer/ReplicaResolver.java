package dev.selfheal.receiver.scorer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up every address of a name (each A and AAAA record of a headless Service). The default is
 * {@link SystemResolver}; tests give a fake one.
 */
public interface ReplicaResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
