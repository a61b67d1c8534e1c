package dev.selfheal.harness.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trainings a scorer's log records: the line {@code model <id> version <n> trained on … by
 * <replica>} that the scorer writes once it has trained a version (its {@code replay/SavedModels};
 * a version loaded from the store is not a training and writes no such line). Pure: it reads text.
 */
final class TrainingLog {

    private static final Pattern TRAINED = Pattern.compile("model (\\S+) version (\\d+) trained on .* by (\\S+)\\s*$");
    private static final Pattern WAITING = Pattern.compile("model (\\S+) version (\\d+) is being trained by another replica");

    /** One training: which series' version, by which replica. */
    record Training(String series, int version, String replica) {

        String key() {
            return series + " v" + version;
        }
    }

    private TrainingLog() {
    }

    /** The trainings in a log's text, in order. */
    static List<Training> trainings(String log) {
        List<Training> out = new ArrayList<>();
        for (String line : log.split("\\R")) {
            Matcher m = TRAINED.matcher(line);
            if (m.find()) {
                out.add(new Training(m.group(1), Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
        return out;
    }

    /** How many times a replica waited for another's training of the same version (its log's "being trained by another replica"). */
    static long waits(String log) {
        return log.lines().filter(l -> WAITING.matcher(l).find()).count();
    }

    /** Each (series, version) trained more than once, with its trainings, across every log given. */
    static Map<String, List<Training>> duplicates(List<Training> all) {
        Map<String, List<Training>> byKey = new TreeMap<>();
        for (Training t : all) {
            byKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
        }
        byKey.values().removeIf(ts -> ts.size() < 2);
        return byKey;
    }
}
