package dev.selfheal.receiver.warmup;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.scorer.ScorerReplays;
import dev.selfheal.receiver.store.StoreUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps the scorer's replays ahead of the alerts: every {@code selfheal.scorer.warm-up-every},
 * the confirm series of the playbooks in force ({@link ConfirmSeries}) that the scorer has not
 * accepted yet are asked for. So a first alert after a start, or after a playbook change, finds
 * its series replayed and a model trained (the scorer also replays the series it saved when it
 * restarts). A refusal or an unreachable scorer is logged and asked again next time.
 */
@ApplicationScoped
public class ScorerWarmUp {

    private static final Logger LOG = Logger.getLogger(ScorerWarmUp.class);
    /** Episodes read for the label sets of templated confirm queries. */
    static final int RECENT_EPISODES = 1000;

    private final PlaybookRegistry playbooks;
    private final EpisodeQueries episodes;
    private final ScorerReplays scorer;
    private final ReceiverConfig config;
    private final Clock clock;
    private final Set<ConfirmSeries.Query> accepted = ConcurrentHashMap.newKeySet();
    private final Map<ConfirmSeries.Query, String> refused = new ConcurrentHashMap<>();

    public ScorerWarmUp(PlaybookRegistry playbooks, EpisodeQueries episodes, ScorerReplays scorer,
                        ReceiverConfig config, Clock clock) {
        this.playbooks = playbooks;
        this.episodes = episodes;
        this.scorer = scorer;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${selfheal.scorer.warm-up-every:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.scorer().warmUp()) {
            warmUp();
        }
    }

    void warmUp() {
        Set<ConfirmSeries.Query> wanted = ConfirmSeries.of(playbooks.all(), recentLabels());
        accepted.retainAll(wanted);
        refused.keySet().retainAll(wanted);
        for (ConfirmSeries.Query q : wanted) {
            if (accepted.contains(q)) {
                continue;
            }
            ScorerReplays.Outcome outcome = scorer.replay(q.query(), q.step());
            if (outcome.accepted()) {
                accepted.add(q);
                refused.remove(q);
                LOG.infof("scorer replays confirm series %s at %ss", q.query(), q.step().toSeconds());
            } else if (!outcome.detail().equals(refused.put(q, outcome.detail()))) {
                // Logged when the reason changes, not every period.
                LOG.infof("confirm series %s not replayed yet (asked again every %s): %s", q.query(),
                        config.scorer().warmUpEvery(), outcome.detail());
            }
        }
    }

    /** The confirm queries the scorer has accepted for the playbooks in force. */
    public Set<ConfirmSeries.Query> accepted() {
        return Set.copyOf(accepted);
    }

    private List<Map<String, String>> recentLabels() {
        try {
            return episodes.recentLabels(clock.instant().minus(config.scorer().warmUpLookback()), RECENT_EPISODES);
        } catch (StoreUnavailableException e) {
            LOG.warnf("recent alerts could not be read for the templated confirm queries: %s", e.getMessage());
            return List.of();
        }
    }
}
