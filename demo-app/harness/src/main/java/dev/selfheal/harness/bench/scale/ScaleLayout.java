package dev.selfheal.harness.bench.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series of {@code bench scorer-scale}: {@value #PER_TEMPLATE} series per metric name
 * ("template", {@code bench_metric_T}, label {@code instance="i-N"}), as many templates as the
 * series need (20 for the default 2,000), so one range query over a template answers 100 series.
 * In each template the instances below {@value #SOURCES_PER_TEMPLATE} are trained (500 of 2,000);
 * instance N's values are those of instance {@code N % 25} of its template, whose saved state and
 * models it gets as copies. Each series is asked for by its own rendered selector,
 * {@code bench_metric_7{instance="i-42"}}, as the receiver sends an alert's query. Beside them,
 * {@value #FRESH} fresh series ({@code bench_fresh{instance="f-N"}}) are trained while the load runs.
 */
public record ScaleLayout(int series) {

    public static final int PER_TEMPLATE = 100;
    public static final int SOURCES_PER_TEMPLATE = 25;
    public static final int FRESH = 20;
    /** Value generator seeds of the fresh series (away from the sources'). */
    static final int FRESH_SEED = 10_000;

    private static final Pattern SELECTOR = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{\\s*instance\\s*=\\s*\"([^\"]*)\"\\s*\\}\\s*)?");

    /**
     * One series: its query as a request names it, its labels as the stand-in answers them, and
     * the generator whose values it has ({@link ScaleValues}).
     */
    public record Series(String name, String instance, int seed, boolean source) {

        public String query() {
            return name + "{instance=\"" + instance + "\"}";
        }

        public Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__name__", name);
            labels.put("instance", instance);
            labels.put("job", "bench");
            return labels;
        }
    }

    public ScaleLayout {
        if (series < 1) {
            throw new IllegalArgumentException("at least one series");
        }
    }

    /** Series i: template i / 100, instance i % 100. */
    public Series get(int i) {
        int template = i / PER_TEMPLATE;
        int instance = i % PER_TEMPLATE;
        int seed = template * SOURCES_PER_TEMPLATE + instance % SOURCES_PER_TEMPLATE;
        return new Series("bench_metric_" + template, "i-" + instance, seed, instance < SOURCES_PER_TEMPLATE);
    }

    public List<Series> all() {
        List<Series> all = new ArrayList<>(series);
        for (int i = 0; i < series; i++) {
            all.add(get(i));
        }
        return all;
    }

    public List<Series> sources() {
        return all().stream().filter(Series::source).toList();
    }

    /** The series whose saved state series i is given (itself for a source). */
    public Series sourceOf(int i) {
        return get(i / PER_TEMPLATE * PER_TEMPLATE + i % PER_TEMPLATE % SOURCES_PER_TEMPLATE);
    }

    public List<Series> fresh() {
        List<Series> fresh = new ArrayList<>();
        for (int f = 0; f < FRESH; f++) {
            fresh.add(new Series("bench_fresh", "f-" + f, FRESH_SEED + f, false));
        }
        return fresh;
    }

    /**
     * What a query selects: a whole template ({@code bench_metric_7}), one series of it
     * ({@code bench_metric_7{instance="i-42"}}), or the same for {@code bench_fresh}; nothing else.
     */
    public List<Series> select(String query) {
        Matcher m = SELECTOR.matcher(query == null ? "" : query);
        if (!m.matches()) {
            return List.of();
        }
        String name = m.group(1);
        String instance = m.group(2);
        List<Series> of;
        if (name.equals("bench_fresh")) {
            of = fresh();
        } else if (name.startsWith("bench_metric_") && name.substring(13).matches("[0-9]+")) {
            int template = Integer.parseInt(name.substring(13));
            of = new ArrayList<>();
            for (int i = template * PER_TEMPLATE; i < Math.min(series, (template + 1) * PER_TEMPLATE); i++) {
                of.add(get(i));
            }
        } else {
            return List.of();
        }
        return instance == null ? of : of.stream().filter(s -> s.instance().equals(instance)).findFirst()
                .map(List::of).orElse(List.of());
    }

    /** Series i's index i (the inverse of {@link #get}). */
    public int index(Series s) {
        return Integer.parseInt(s.name().substring(13)) * PER_TEMPLATE + Integer.parseInt(s.instance().substring(2));
    }
}
