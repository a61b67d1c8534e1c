package dev.selfheal.scorer.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus' matrix shape ({@code [{"metric"|"labels": {...}, "values": [[ts, "v"], ...]}]}),
 * from Prometheus' answers and from inline requests alike. Value strings "NaN", "+Inf" and "-Inf"
 * become the matching doubles.
 */
public final class MatrixParser {

    private MatrixParser() {
    }

    public static List<Series> parse(JsonNode result, String path) {
        if (result == null || !result.isArray()) {
            throw new IllegalArgumentException(path + " must be an array of series");
        }
        List<Series> series = new ArrayList<>(result.size());
        for (int i = 0; i < result.size(); i++) {
            series.add(one(result.get(i), path + "[" + i + "]"));
        }
        return series;
    }

    private static Series one(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object");
        }
        JsonNode labelsNode = node.has("labels") ? node.get("labels") : node.get("metric");
        Map<String, String> labels = new LinkedHashMap<>();
        if (labelsNode != null && !labelsNode.isNull()) {
            if (!labelsNode.isObject()) {
                throw new IllegalArgumentException(path + ".labels must be an object of strings");
            }
            var fields = labelsNode.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                if (!f.getValue().isTextual()) {
                    throw new IllegalArgumentException(path + ".labels values must be strings");
                }
                labels.put(f.getKey(), f.getValue().asText());
            }
        }
        JsonNode values = node.get("values");
        if (values == null || !values.isArray()) {
            throw new IllegalArgumentException(path + ".values must be an array of [timestamp, \"value\"] pairs");
        }
        double[] ts = new double[values.size()];
        double[] vs = new double[values.size()];
        for (int j = 0; j < values.size(); j++) {
            JsonNode pair = values.get(j);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
                throw new IllegalArgumentException(path + ".values[" + j + "] must be [timestamp, \"value\"]");
            }
            ts[j] = pair.get(0).asDouble();
            vs[j] = value(pair.get(1), path + ".values[" + j + "]");
            if (j > 0 && ts[j] <= ts[j - 1]) {
                throw new IllegalArgumentException(path + ".values must be in increasing time order");
            }
        }
        return new Series(labels, ts, vs);
    }

    static double value(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(path + " value must be a string or a number");
        }
        String text = node.asText().strip();
        switch (text) {
            case "NaN": return Double.NaN;
            case "+Inf": case "Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(path + " value '" + abbreviate(text) + "' is not a number");
                }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
