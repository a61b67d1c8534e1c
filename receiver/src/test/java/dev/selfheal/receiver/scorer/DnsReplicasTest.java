package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicas from a headless Service's addresses; the last good list kept through failed lookups. */
class DnsReplicasTest {

    final List<InetAddress> answer = new ArrayList<>();
    boolean failing;
    String asked;

    final ReplicaResolver fake = host -> {
        asked = host;
        if (failing) {
            throw new UnknownHostException(host);
        }
        return List.copyOf(answer);
    };

    @Test
    void everyAddressIsAReplicaOnThePort() throws UnknownHostException {
        DnsReplicas dns = new DnsReplicas("selfheal-scorer-replicas.selfheal.svc:8081", fake);
        answer.add(InetAddress.getByName("10.0.0.2"));
        answer.add(InetAddress.getByName("10.0.0.1"));
        answer.add(InetAddress.getByName("fd00::3"));
        assertThat(dns.refresh()).isPresent();
        assertThat(asked).isEqualTo("selfheal-scorer-replicas.selfheal.svc");
        assertThat(dns.current()).containsExactlyInAnyOrder("http://10.0.0.1:8081", "http://10.0.0.2:8081",
                "http://[fd00:0:0:0:0:0:0:3]:8081");
    }

    @Test
    void aFailedOrEmptyLookupKeepsTheLastGoodList() throws UnknownHostException {
        DnsReplicas dns = new DnsReplicas("scorer:8081", fake);
        assertThat(dns.refresh()).as("nothing resolved yet").isEmpty();
        assertThat(dns.current()).isEmpty();
        answer.add(InetAddress.getByName("10.0.0.1"));
        dns.refresh();
        failing = true;
        assertThat(dns.refresh()).isEmpty();
        assertThat(dns.current()).containsExactly("http://10.0.0.1:8081");
        failing = false;
        answer.clear();
        assertThat(dns.refresh()).isEmpty();
        assertThat(dns.current()).containsExactly("http://10.0.0.1:8081");
        answer.add(InetAddress.getByName("10.0.0.7"));
        assertThat(dns.refresh()).contains(List.of("http://10.0.0.7:8081"));
        assertThat(dns.current()).containsExactly("http://10.0.0.7:8081");
    }

    @Test
    void aNameWithoutAPortIsRefusedWithTheVariablesName() {
        assertThatThrownBy(() -> new DnsReplicas("scorer", fake)).hasMessageContaining("SELFHEAL_SCORER_DNS is host:port");
        assertThatThrownBy(() -> new DnsReplicas("scorer:http", fake)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> new DnsReplicas("scorer:70000", fake)).hasMessageContaining("out of range");
    }
}
