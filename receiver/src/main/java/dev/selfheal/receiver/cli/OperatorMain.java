package dev.selfheal.receiver.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import dev.selfheal.receiver.auth.Operators;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code ./selfheal operator NAME [viewer|operator] [--slack U…] [--generate]}: prints one line of the
 * operators file ({@code SELFHEAL_OPERATORS_FILE}), {@code name:role:hash} with a bcrypt {@code $2y$}
 * hash as {@code htpasswd -nbB} makes it, for a password read from standard input (one line), or
 * made up and printed on standard error with {@code --generate}; with {@code --slack}, the person's
 * Slack user ID as a fourth field, so their clicks in Slack are theirs. Exit codes: 0 printed, 2 bad
 * arguments.
 */
public final class OperatorMain {

    static final String USAGE = "usage: ./selfheal operator NAME [viewer|operator] [--slack SLACKUSERID] [--generate]"
            + "  (the password on stdin)";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int COST = 10;

    private OperatorMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                System.err));
    }

    static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        String name = null;
        String role = "operator";
        boolean generate = false;
        String slack = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--generate")) {
                generate = true;
            } else if (a.equals("--slack") && i + 1 < args.length && slack == null) {
                slack = args[++i];
            } else if (name == null) {
                name = a;
            } else if (a.equals("viewer") || a.equals("operator")) {
                role = a;
            } else {
                err.println(USAGE);
                return 2;
            }
        }
        if (name == null || !NAME.matcher(name).matches()) {
            err.println(USAGE + "\nNAME: letters, digits and . _ @ - (up to 64)");
            return 2;
        }
        if (slack != null && !Operators.SLACK_USER.matcher(slack).matches()) {
            err.println(USAGE + "\nSLACKUSERID: the member ID Slack shows in a profile (U…), not the display name");
            return 2;
        }
        String password;
        if (generate) {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            password = HexFormat.of().formatHex(b);
            err.println("password for " + name + ": " + password);
        } else {
            password = in.readLine();
            if (password == null || password.isEmpty()) {
                err.println("no password on standard input\n" + USAGE);
                return 2;
            }
        }
        out.println(line(name, role, password) + (slack == null ? "" : ":" + slack));
        return 0;
    }

    /** One line of the operators file for this person. */
    public static String line(String name, String role, String password) {
        return name + ":" + role + ":" + BCrypt.hashpw(password, BCrypt.gensalt("$2y", COST));
    }
}
