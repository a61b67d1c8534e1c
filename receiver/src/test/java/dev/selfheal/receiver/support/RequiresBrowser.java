package dev.selfheal.receiver.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when Debian's Chromium and its driver are installed ({@code ./selfheal test}
 * installs them); with {@code SELFHEAL_REQUIRE_BROWSER=1} (as in CI) their absence fails the run.
 */
public class RequiresBrowser implements ExecutionCondition {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        if ("1".equals(System.getenv("SELFHEAL_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("SELFHEAL_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + DRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        return ConditionEvaluationResult.disabled("Chromium or chromedriver missing (apt-get install chromium "
                + "chromium-driver; SELFHEAL_REQUIRE_BROWSER=1 fails instead of skipping)");
    }
}
