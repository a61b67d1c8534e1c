package dev.selfheal.scorer.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL answers at 127.0.0.1:5432; with
 * {@code SELFHEAL_REQUIRE_POSTGRES=1} (as in CI) an unreachable PostgreSQL fails the run instead.
 */
public class RequiresPostgres implements ExecutionCondition {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (reachable()) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + HOST + ":" + PORT);
        }
        if ("1".equals(System.getenv("SELFHEAL_REQUIRE_POSTGRES"))) {
            throw new IllegalStateException("SELFHEAL_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at "
                    + HOST + ":" + PORT);
        }
        return ConditionEvaluationResult.disabled("PostgreSQL unreachable at " + HOST + ":" + PORT
                + " (set SELFHEAL_REQUIRE_POSTGRES=1 to fail instead of skipping)");
    }

    public static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
