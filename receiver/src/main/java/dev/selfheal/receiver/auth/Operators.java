package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The operators file ({@code SELFHEAL_OPERATORS_FILE}), re-read when it changes: one line per
 * person, {@code name:role:hash}, with role {@code viewer} or {@code operator} and a bcrypt hash
 * ({@code $2y$}, {@code $2b$} or {@code $2a$}, as {@code htpasswd -nbB name password} prints it
 * after the colon), and optionally a fourth field, the person's Slack user ID
 * ({@code name:role:hash:U012AB3CD}, unique), which maps a click in Slack to them. Blank lines and {@code #} comments are skipped; a malformed line is logged by
 * its number (never its hash) and skipped. Passwords are checked with Spring Security's BCrypt;
 * a successful check is remembered (as a SHA-256 of the password, for the same hash) so that HTTP
 * basic on every API request does not pay bcrypt's cost each time.
 */
@ApplicationScoped
public class Operators {

    private static final Logger LOG = Logger.getLogger(Operators.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    /** A Slack user ID: U or W, then upper-case letters and digits (https://api.slack.com/changelog/2016-08-11-user-id-format-changes). */
    public static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,31}");
    /** Checked against when the name is unknown, so that a wrong name costs as long as a wrong password. */
    private static final String DUMMY = BCrypt.hashpw("selfheal", BCrypt.gensalt(10));
    private static final int MAX_REMEMBERED = 1_000;

    record Account(String name, Role role, String hash, String slackUser) {
    }

    private final SecretSource file;
    private volatile String parsedFrom;
    private volatile Map<String, Account> accounts = Map.of();
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public Operators(ReceiverConfig config) {
        this.file = new SecretSource("operators file", Optional.empty(), config.operatorsFile());
    }

    /** Whether an operators file is configured. */
    public boolean configured() {
        return file.configured();
    }

    /** The person with this name and password; empty when either is wrong. */
    public Optional<Caller> verify(String name, String password) {
        Account account = accounts().get(name);
        if (account == null) {
            BCrypt.checkpw(password, DUMMY);
            return Optional.empty();
        }
        String digest = sha256(password);
        String key = account.name() + "\n" + account.hash();
        if (MessageDigest.isEqual(digest.getBytes(StandardCharsets.UTF_8),
                verified.getOrDefault(key, "").getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Caller(account.name(), account.role()));
        }
        boolean ok;
        try {
            ok = BCrypt.checkpw(password, account.hash());
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(key, digest);
        return Optional.of(new Caller(account.name(), account.role()));
    }

    /** The person whose line carries this Slack user ID, with their current role. */
    public Optional<Caller> bySlackUser(String slackUser) {
        if (slackUser == null) {
            return Optional.empty();
        }
        return accounts().values().stream().filter(a -> slackUser.equals(a.slackUser())).findFirst()
                .map(a -> new Caller(a.name(), a.role()));
    }

    /** The person's current role, when the file still names them (a session ends when they leave the file). */
    public Optional<Role> role(String name) {
        return Optional.ofNullable(accounts().get(name)).map(Account::role);
    }

    private Map<String, Account> accounts() {
        String content = file.current().orElse("");
        if (!content.equals(parsedFrom)) {
            synchronized (this) {
                if (!content.equals(parsedFrom)) {
                    accounts = parse(content);
                    parsedFrom = content;
                }
            }
        }
        return accounts;
    }

    static Map<String, Account> parse(String content) {
        Map<String, Account> parsed = new HashMap<>();
        String[] lines = content.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 4);
            String slack = parts.length == 4 ? parts[3].strip() : null;
            String problem = parts.length < 3 ? "not name:role:hash (or name:role:hash:SLACKUSERID)"
                    : !NAME.matcher(parts[0]).matches() ? "the name may hold letters, digits and . _ @ - (up to 64)"
                    : Role.ofFile(parts[1]).isEmpty() ? "the role must be viewer or operator"
                    : !HASH.matcher(parts[2]).matches() ? "the hash is not a bcrypt hash ($2y$, as htpasswd -nbB prints)"
                    : parsed.containsKey(parts[0]) ? "the name " + parts[0] + " is there twice (the first line counts)"
                    : slack != null && !SLACK_USER.matcher(slack).matches() ? "the fourth field is not a Slack user ID (U…)"
                    : slack != null && parsed.values().stream().anyMatch(a -> slack.equals(a.slackUser()))
                    ? "the Slack user " + slack + " is there twice (the first line counts)"
                    : null;
            if (problem != null) {
                LOG.warnf("operators file, line %d skipped: %s", i + 1, problem);
                continue;
            }
            parsed.put(parts[0], new Account(parts[0], Role.ofFile(parts[1]).orElseThrow(), parts[2], slack));
        }
        return Map.copyOf(parsed);
    }

    /** The SHA-256 of a text, in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
