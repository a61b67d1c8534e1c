package dev.selfheal.receiver.scorer;

import dev.selfheal.receiver.config.ReceiverConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The scorer replicas the receiver may ask, from the configuration, checked at startup.
 * Precedence: {@code SELFHEAL_SCORER_DNS} (a headless Service, resolved again every
 * {@code SELFHEAL_SCORER_DNS_REFRESH}), then {@code SELFHEAL_SCORER_URLS}, then
 * {@code SELFHEAL_SCORER_URL} (one scorer, the default).
 */
@Startup
@ApplicationScoped
public class ScorerReplicas {

    private static final Logger LOG = Logger.getLogger(ScorerReplicas.class);

    private final List<String> fixed;
    private final DnsReplicas dns;
    private volatile boolean lookupFailing;

    public ScorerReplicas(ReceiverConfig config, ReplicaResolver resolver) {
        ReceiverConfig.Scorer scorer = config.scorer();
        if (scorer.dns().isPresent()) {
            this.dns = new DnsReplicas(scorer.dns().get().strip(), resolver);
            this.fixed = null;
            refresh();
        } else {
            this.dns = null;
            this.fixed = scorer.urls().isPresent() ? ReplicaUrls.parseList("SELFHEAL_SCORER_URLS", scorer.urls().get())
                    : List.of(ReplicaUrls.parse("SELFHEAL_SCORER_URL", scorer.url()));
            LOG.infof("scorer replicas: %s", fixed.stream().map(ReplicaUrls::display).toList());
        }
    }

    /** The replicas now; empty only while a DNS name has never resolved. */
    public List<String> current() {
        return dns == null ? fixed : dns.current();
    }

    /** Where the replicas come from, for messages. */
    public String source() {
        return dns == null ? "the configured scorer URL(s)" : "SELFHEAL_SCORER_DNS " + dns.name();
    }

    @Scheduled(every = "${selfheal.scorer.dns-refresh:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (dns != null) {
            refresh();
        }
    }

    /** Resolves the DNS name again now; logs when the list changes, and once when lookups start or stop failing. */
    void refresh() {
        List<String> before = dns.current();
        Optional<List<String>> resolved = dns.refresh();
        if (resolved.isEmpty()) {
            if (!lookupFailing) {
                lookupFailing = true;
                LOG.warnf("scorer replicas: %s did not resolve to any address; keeping %s", dns.name(), before);
            }
            return;
        }
        if (lookupFailing) {
            lookupFailing = false;
            LOG.infof("scorer replicas: %s resolves again", dns.name());
        }
        if (!resolved.get().equals(before)) {
            LOG.infof("scorer replicas (%s): %s", dns.name(), resolved.get());
        }
    }
}
