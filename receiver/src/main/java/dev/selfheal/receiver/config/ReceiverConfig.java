package dev.selfheal.receiver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The receiver's configuration root. Every key can be set as an environment variable
 * (for example {@code selfheal.webhook.token} as {@code SELFHEAL_WEBHOOK_TOKEN}).
 */
@ConfigMapping(prefix = "selfheal")
public interface ReceiverConfig {

    /** Directory that holds the embedded H2 database when no PostgreSQL URL is configured. */
    @WithDefault("./data")
    String dataDir();

    /** The Alertmanager webhook intake. */
    Webhook webhook();

    /** The playbooks file ({@code SELFHEAL_PLAYBOOKS}); re-read when it changes. */
    @WithDefault("playbooks.yml")
    Path playbooks();

    /** How often the playbooks file is checked for changes. */
    @WithDefault("5s")
    java.time.Duration playbooksCheckEvery();

    /**
     * How long finished episodes are kept ({@code SELFHEAL_RETENTION}): older resolved episodes, with
     * their deliveries, decisions, executions, remediations, verifications and delivered PagerDuty
     * events, are deleted in batches. An open episode, one with work or an action in flight, or an
     * undelivered (pending or dead) PagerDuty event is never deleted.
     */
    @WithDefault("30d")
    java.time.Duration retention();

    /** Episodes deleted per transaction ({@code SELFHEAL_RETENTION_BATCH}): small, so the store is never locked long. */
    @WithDefault("200")
    @Min(1)
    @jakarta.validation.constraints.Max(5000)
    int retentionBatch();

    /** How often the retention runs ({@code SELFHEAL_RETENTION_EVERY}). */
    @WithDefault("5m")
    java.time.Duration retentionEvery();

    /** The asynchronous pipeline. */
    Pipeline pipeline();

    interface Pipeline {
        /** How often workers look for due work. */
        @WithDefault("1s")
        java.time.Duration pollEvery();

        /**
         * An execution recorded as started and not finished after this long belongs to a worker
         * that died; it is reconciled by reading the target.
         */
        @WithDefault("30s")
        java.time.Duration abandonedAfter();

        /** How long a claimed work item (or PagerDuty event) belongs to its worker before others may take it. */
        @WithDefault("2m")
        java.time.Duration lease();
    }

    /** The scorer that confirms alerts. */
    Scorer scorer();


    /**
     * The scorer that confirms alerts: one base URL, a list of replicas, or a headless Service
     * whose addresses are the replicas. Precedence: {@code dns}, then {@code urls}, then {@code url}.
     * With several replicas each series (confirm query and step) has one owner by rendezvous
     * hashing; when it cannot answer (I/O error, timeout, 5xx) the next replica stands in.
     */
    interface Scorer {
        /** The scorer's base URL ({@code SELFHEAL_SCORER_URL}), when neither {@code urls} nor {@code dns} is set. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** The base URLs of several scorer replicas, comma separated ({@code SELFHEAL_SCORER_URLS}); wins over {@code url}. */
        Optional<java.util.List<String>> urls();

        /**
         * {@code host:port} of a headless Service ({@code SELFHEAL_SCORER_DNS}): every address it
         * resolves to is a replica {@code http://<ip>:<port>}. Wins over {@code urls} and {@code url}.
         */
        Optional<@jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9.-]+:[0-9]{1,5}",
                message = "is host:port, e.g. selfheal-scorer-replicas.selfheal.svc:8081") String> dns();

        /** How often {@code dns} is resolved again ({@code SELFHEAL_SCORER_DNS_REFRESH}); a failed lookup keeps the last list. */
        @WithDefault("10s")
        java.time.Duration dnsRefresh();

        /**
         * How long a replica that did not answer (connection refused, I/O error, timeout) is asked
         * last ({@code SELFHEAL_SCORER_REPLICA_DOWN_FOR}), so its series go straight to their stand-ins.
         */
        @WithDefault("10s")
        java.time.Duration replicaDownFor();

        /** The scorer's bearer token ({@code SELFHEAL_SCORER_TOKEN}), the same variable the scorer reads. */
        Optional<String> token();

        /** A file holding it, re-read when it changes ({@code SELFHEAL_SCORER_TOKEN_FILE}). */
        Optional<java.nio.file.Path> tokenFile();

        /** Whether the receiver asks the scorer to replay the playbooks' confirm series ahead of alerts. */
        @WithDefault("true")
        boolean warmUp();

        /**
         * How often the playbooks' confirm series not yet replayed by the scorer are asked for
         * ({@code POST /api/v1/models/train}), so a first alert finds a model. A query is asked
         * once per playbook set (again after a refusal or an error).
         */
        @WithDefault("30s")
        java.time.Duration warmUpEvery();

        /** How far back the receiver's episodes are read for the label sets of templated confirm queries. */
        @WithDefault("7d")
        java.time.Duration warmUpLookback();
    }

    /** Safety limits that hold whatever the playbooks say. */
    Safety safety();

    interface Safety {
        /** The kill switch in configuration: when true nothing runs automatically (the API can pause too). */
        @WithDefault("false")
        boolean paused();

        /** Namespaces actions may touch; empty means all but the denied ones. */
        Optional<java.util.List<String>> allowNamespaces();

        /** Namespaces actions never touch. */
        @WithDefault("kube-system,kube-public")
        java.util.List<String> denyNamespaces();

        /** The label (key=value) a workload must carry to be touched; "none" turns the requirement off. */
        @WithDefault("selfheal.dev/enabled=true")
        String requireLabel();

        /** Blast radius: at most this many distinct targets acted on inside the window; then page instead. */
        @WithDefault("5")
        @Min(1)
        int maxTargets();

        @WithDefault("10m")
        java.time.Duration blastRadiusWindow();

        /** At most this many actions an hour, all playbooks and targets together; then page instead. */
        @WithDefault("30")
        @Min(1)
        int maxActionsPerHour();
    }

    /**
     * The people who may use the console and the API by name ({@code SELFHEAL_OPERATORS_FILE}, re-read
     * on change): one line per person, {@code name:role:hash}, role {@code viewer} or
     * {@code operator}, hash a bcrypt hash as {@code htpasswd -nbB name password} prints it.
     * Without it nobody can log in, approve or pause.
     */
    Optional<Path> operatorsFile();

    /** The console's sessions and signed chart links. */
    Console console();

    interface Console {
        /**
         * Signs session cookies ({@code SELFHEAL_CONSOLE_SESSION_KEY} or {@code _FILE}); the same
         * on every replica. Without it each process makes a random one: sessions end at a restart
         * and do not carry over to another replica.
         */
        Optional<String> sessionKey();

        Optional<Path> sessionKeyFile();

        /** How long a login lasts. */
        @WithDefault("8h")
        java.time.Duration sessionTtl();

        /** Failed logins per account and minute answered normally; the next ones get 429 until the minute passes. */
        @WithDefault("5")
        @Min(5)
        @Max(1000)
        int loginFailuresPerMinute();

        /** Signs the chart image links in PagerDuty events ({@code SELFHEAL_CONSOLE_IMAGE_KEY} or {@code _FILE}). */
        Optional<String> imageKey();

        Optional<Path> imageKeyFile();

        /** How long a chart image link stays valid. */
        @WithDefault("7d")
        java.time.Duration imageTtl();
    }

    /** Approve mode. */
    Approvals approvals();

    interface Approvals {
        /** An approval not given within this time expires, and nothing runs. */
        @WithDefault("1h")
        java.time.Duration expireAfter();

        /** How often approvals past their deadline are moved to EXPIRED. */
        @WithDefault("15s")
        java.time.Duration checkEvery();
    }

    /** PagerDuty Events API v2. */
    PagerDuty pagerduty();

    interface PagerDuty {
        /** Events API base URL ({@code SELFHEAL_PAGERDUTY_URL}): https://events.pagerduty.com, https://events.eu.pagerduty.com, or a test server. */
        @WithDefault("https://events.pagerduty.com")
        String url();

        /** The integration's routing key ({@code SELFHEAL_PAGERDUTY_ROUTING_KEY}). Never logged. */
        Optional<String> routingKey();

        /** A file holding the routing key ({@code SELFHEAL_PAGERDUTY_ROUTING_KEY_FILE}); wins over routingKey. */
        Optional<Path> routingKeyFile();

        /** Makes dedup keys unique to this installation. */
        @WithDefault("selfheal")
        String installationId();

        /** Where the receiver's API is reachable by humans, for the episode link in events. */
        Optional<String> publicUrl();

        /** Resolve the incident when Alertmanager reports the alert resolved (not only when verification heals it). */
        @WithDefault("true")
        boolean resolveOnAlertResolved();

        /** Acknowledge the incident while an action runs. */
        @WithDefault("false")
        boolean acknowledgeWhileRemediating();

        /** Undelivered events older than this are dead-lettered. */
        @WithDefault("24h")
        java.time.Duration maxAge();

        /** Per routing key; PagerDuty documents 120 events per minute. */
        @WithDefault("120")
        @Min(1)
        int eventsPerMinute();

        /** How often the outbox is drained. */
        @WithDefault("1s")
        java.time.Duration pollEvery();

        /**
         * A PagerDuty REST API token (read-only is enough; {@code SELFHEAL_PAGERDUTY_REST_API_TOKEN}).
         * With it, an event whose earlier attempt ended without an answer is looked up before it
         * is sent again, so a receiver killed mid-send does not page twice. Never logged.
         */
        Optional<String> restApiToken();

        /** A file holding the REST API token, re-read at each lookup; wins over restApiToken. */
        Optional<Path> restApiTokenFile();

        /** REST API base URL ({@code SELFHEAL_PAGERDUTY_REST_URL}): https://api.pagerduty.com, https://api.eu.pagerduty.com. */
        @WithDefault("https://api.pagerduty.com")
        String restUrl();
    }

    /** Slack, as a Slack app: notices in a channel per playbook, and approvals from their buttons. */
    Slack slack();

    interface Slack {
        /**
         * The app's bot token, {@code xoxb-...} ({@code SELFHEAL_SLACK_BOT_TOKEN}; scope chat:write, and
         * channels:history or groups:history for the look-up of a message in doubt). Never logged.
         * Without it, messages wait in the outbox.
         */
        Optional<String> botToken();

        /** A file holding the bot token ({@code SELFHEAL_SLACK_BOT_TOKEN_FILE}), re-read when it changes; wins over botToken. */
        Optional<Path> botTokenFile();

        /**
         * The app's signing secret ({@code SELFHEAL_SLACK_SIGNING_SECRET}): checks the signature of every
         * click Slack posts to {@code /api/v1/slack/interactions}. Without it that path answers 404. Never logged.
         */
        Optional<String> signingSecret();

        /** A file holding the signing secret ({@code SELFHEAL_SLACK_SIGNING_SECRET_FILE}); wins over signingSecret. */
        Optional<Path> signingSecretFile();

        /** The Web API's base URL ({@code SELFHEAL_SLACK_API_URL}); every call is {@code POST <url>/<method>}. */
        @WithDefault("https://slack.com/api")
        String apiUrl();

        /**
         * Messages per minute and channel: Slack allows chat.postMessage about one a second per
         * channel, with short bursts (https://api.slack.com/methods/chat.postMessage#rate_limiting).
         */
        @WithDefault("60")
        @Min(1)
        int messagesPerMinute();

        /** Undelivered messages older than this are dead. */
        @WithDefault("24h")
        java.time.Duration maxAge();

        /** How often the Slack outbox is drained. */
        @WithDefault("1s")
        java.time.Duration pollEvery();
    }

    interface Webhook {

        /**
         * Shared secret that Alertmanager sends as {@code Authorization: Bearer <token>}, or as the
         * password of HTTP basic auth. Never logged.
         */
        Optional<String> token();

        /**
         * File holding the token, re-read when it changes, as Alertmanager re-reads its
         * {@code credentials_file}. Takes precedence over {@link #token()}.
         */
        Optional<Path> tokenFile();

        /** When HTTP basic auth is used, the user name that must accompany the token; any user when unset. */
        Optional<String> basicUsername();

        /**
         * Authentication of the webhook and the episodes API. Turning it off is only for a laptop:
         * the receiver then warns at every start.
         */
        @WithDefault("true")
        boolean authEnabled();

        /** Largest webhook body accepted, in bytes; larger bodies get 413. */
        @WithDefault("1048576")
        @Min(1024)
        @Max(33554432)
        int maxBodyBytes();

        /**
         * Threads that commit webhooks (group commit): webhooks that arrive while a commit runs
         * are recorded together in the next transaction, each answered once it has committed.
         */
        @WithDefault("2")
        @Min(1)
        @Max(32)
        int commitThreads();

        /** Most alerts one group commit records (a webhook is never split; a bigger one goes alone). */
        @WithDefault("2000")
        @Min(1)
        @Max(100000)
        int commitMaxAlerts();

        /**
         * How an accepted webhook is made durable before its 2xx. {@code journal}: appended to the
         * intake journal (a local file, forced to the disk) and turned into episodes right after,
         * in order, exactly once; {@code direct}: recorded as episodes in the database before the
         * answer. {@code auto} picks the journal on the embedded H2 store and direct on
         * PostgreSQL, where replicas share the store and a replica's local file would be lost
         * with its pod.
         */
        @WithDefault("auto")
        IntakeMode intake();

        /**
         * Whether each journal write is also forced to the disk (fdatasync) before the webhook is
         * answered. On (the default), a 2xx survives a power cut: one fdatasync serves every
         * webhook of a group commit, and the journal's segments are preallocated so that it does
         * not wait for the file system's metadata (nor, on ext4, for the database's dirty pages).
         * Off, a 2xx survives a process kill, crash or OOM kill (the write is in the page cache).
         */
        @WithDefault("true")
        boolean journalFsync();

        /** Size of one journal segment file; a segment is deleted once every record in it is in the store. */
        @WithDefault("67108864")
        @Min(65536)
        long journalSegmentBytes();

        /**
         * Most bytes of accepted webhooks that may wait in the journal for the store; past it the
         * intake answers 503 (Alertmanager sends again later) instead of growing the disk without end.
         */
        @WithDefault("268435456")
        @Min(1048576)
        long journalMaxBacklogBytes();

        /** Labels per alert; an alert with more is a dead letter (labels are its identity: never cut). */
        @WithDefault("128")
        @Min(1)
        int maxLabels();

        /** Characters in a label name. */
        @WithDefault("256")
        @Min(1)
        int maxLabelNameLength();

        /** Characters in a label value; an alert with a longer one is a dead letter. */
        @WithDefault("8192")
        @Min(1)
        int maxLabelValueLength();

        /** Characters kept of an annotation value; the rest is cut with a visible marker. */
        @WithDefault("16384")
        @Min(64)
        int maxAnnotationValueLength();
    }

    enum IntakeMode {
        AUTO, JOURNAL, DIRECT
    }
}
